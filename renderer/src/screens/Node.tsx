/**
 * The node screen: network, layer and epoch, uptime, peers and the log viewer (with a level filter). Logs load
 * once and then stream through `log` events.
 * @module
 */
import { useEffect, useState } from 'react';
import type { LogLevelName } from '../../../core/api/contract.js';
import { formatDuration } from '../logic/time.js';
import { useNode } from '../state/nodeStore.js';
import { Card, Empty, ErrorBox } from '../ui/Status.js';

const LEVELS: readonly LogLevelName[] = ['debug', 'info', 'warn', 'error'];

export function NodeScreen() {
  const { status, layer, peers, logs, error, loadPeers, loadLogs } = useNode();
  const [level, setLevel] = useState<LogLevelName>('info');
  useEffect(() => {
    void loadPeers();
    void loadLogs();
  }, [loadPeers, loadLogs]);
  const net = status?.network;
  const shown = logs.filter((l) => LEVELS.indexOf(l.level) >= LEVELS.indexOf(level)).slice(-200);
  return (
    <div className="screen" data-testid="node">
      <h1>Node</h1>
      {error && <ErrorBox message={error} onRetry={() => (void loadPeers(), void loadLogs())} />}
      <div className="grid">
        <Card title="Network" id="net">
          {net ? (
            <dl>
              <dt>Network</dt>
              <dd>{net.preset}</dd>
              <dt>Layer</dt>
              <dd data-testid="layer">{layer?.layer ?? net.currentLayer}</dd>
              <dt>Epoch</dt>
              <dd>{layer?.epoch ?? net.currentEpoch}</dd>
              <dt>Layer duration</dt>
              <dd>{formatDuration(net.layerDurationMs / 1000)}</dd>
              <dt>Version</dt>
              <dd>{status.version}</dd>
              <dt>Uptime</dt>
              <dd>{formatDuration(status.uptimeMs / 1000)}</dd>
            </dl>
          ) : (
            <p>Loading…</p>
          )}
        </Card>
        <Card title="Peers" id="peers">
          {peers === null ? <p>Loading…</p> : peers.length === 0 ? <Empty>No peers (a standalone network has none).</Empty> : (
            <ul>
              {peers.map((p) => (
                <li key={p.id} className="mono">
                  {p.id} {p.address}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card title="Logs" id="logs">
        <label>
          Lowest level
          <select value={level} onChange={(e) => setLevel(e.target.value as LogLevelName)}>
            {LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        {shown.length === 0 ? (
          <Empty>No log lines at this level yet.</Empty>
        ) : (
          <pre className="logs" tabIndex={0} aria-label="Log lines">
            {shown.map((l) => l.line).join('\n')}
          </pre>
        )}
      </Card>
    </div>
  );
}
