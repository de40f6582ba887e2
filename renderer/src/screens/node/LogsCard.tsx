/**
 * The log viewer: the node's recent lines (loaded once, then streamed by `log` events) with a lowest-level
 * filter; a failed load shows its error with a retry.
 * @module
 */
import { useState } from 'react';
import type { LogLevelName } from '../../../../core/api/contract/contract.js';
import { useNode } from '../../state/nodeStore.js';
import { Card, Empty, ErrorBox } from '../../ui/Status.js';

const LEVELS: readonly LogLevelName[] = ['debug', 'info', 'warn', 'error'];

export function LogsCard() {
  const logs = useNode((s) => s.logs);
  const error = useNode((s) => s.logsError);
  const loadLogs = useNode((s) => s.loadLogs);
  const [level, setLevel] = useState<LogLevelName>('info');
  const shown = logs.filter((l) => LEVELS.indexOf(l.level) >= LEVELS.indexOf(level)).slice(-200);
  return (
    <Card title="Logs" id="logs">
      {error && <ErrorBox message={error} onRetry={() => void loadLogs()} />}
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
  );
}
