/**
 * The Peers card's body from plain props (the store wiring is `PeersCard` in NetworkCard.tsx), so it renders the
 * same in a unit test: on a network, the node's own line from `node.status.p2p` ("N peers (minimum M to smesh)",
 * connected enough or not, its peer id and listen addresses to copy for friends' --bootnodes) and a table of the
 * peers (short id with the full one in the tooltip and a Copy button, address, direction, latency, score; a
 * negative score flagged and explained under the table); on a standalone preset, the plain sentence; an empty
 * list says what it means; a failed call shows its error with a retry.
 * @module
 */
import { Fragment, useState } from 'react';
import type { P2pStatus, PeerInfo } from '../../../../core/api/contract/contract.js';
import {
  NEGATIVE_SCORE_NOTE,
  PEERS_CAPTION,
  formatLatency,
  formatScore,
  isWarningScore,
  peerCount,
  shortPeerId,
  sortPeers,
} from '../../logic/peers.js';
import { type Peers, STANDALONE_PEERS } from '../../logic/syncState.js';
import { CopyButton } from '../../ui/CopyButton.js';
import { Card, Empty, ErrorBox } from '../../ui/Status.js';

export interface PeersViewProps {
  /** Null until the first answer. */
  readonly peers: Peers | null;
  /** `node.status.p2p`: null on standalone, or while no status arrived. */
  readonly p2p: P2pStatus | null;
  readonly error: string | null;
  readonly onRetry: () => void;
}

const SCORE_NOTE_ID = 'peers-score-note';
const DIRECTION_TITLE: Record<PeerInfo['direction'], string> = {
  outbound: 'This node dialled the peer.',
  inbound: 'The peer dialled this node.',
};

export function PeersView({ peers, p2p, error, onRetry }: PeersViewProps) {
  const [copied, setCopied] = useState<string | null>(null);
  const list = peers?.kind === 'list' ? peers.list : null;
  return (
    <Card title="Peers" id="peers">
      {error && <ErrorBox message={error} onRetry={onRetry} />}
      {p2p && <ThisNode p2p={p2p} onCopied={setCopied} />}
      {peers === null ? (
        error ? null : <p>Loading…</p>
      ) : peers.kind === 'unavailable' ? (
        <p data-testid="peers-standalone">{STANDALONE_PEERS}</p>
      ) : peers.list.length === 0 ? (
        <Empty>No peers yet: the node cannot hear the network without them.</Empty>
      ) : (
        <PeersTable list={peers.list} onCopied={setCopied} />
      )}
      {/* Room kept for the copy result (.hint has a min-height), so it appears without moving anything. */}
      {(p2p !== null || (list !== null && list.length > 0)) && (
        <p className="hint" role="status" data-testid="peers-copied">
          {copied}
        </p>
      )}
    </Card>
  );
}

function ThisNode({ p2p, onCopied }: { p2p: P2pStatus; onCopied: (message: string) => void }) {
  const count = peerCount(p2p);
  return (
    <>
      <p data-testid="peer-count" data-enough={count.enough}>
        <strong>{count.text}</strong>
        {' — '}
        <span className={count.enough ? 'ok' : 'warn'}>
          {count.enough ? '' : <span aria-hidden="true">⚠ </span>}
          {count.verdict}
        </span>
      </p>
      <dl className="own-peer">
        <dt>This node’s peer id</dt>
        <dd>
          <span className="mono" data-testid="own-peer-id">
            {p2p.peerId}
          </span>{' '}
          <CopyButton text={p2p.peerId} what="this node’s peer id" onResult={onCopied} />
        </dd>
        <dt>Listen addresses</dt>
        <dd>
          {p2p.addrs.length === 0 ? (
            <span className="empty">none: the node is not listening</span>
          ) : (
            <ul className="addrs" data-testid="own-addrs">
              {p2p.addrs.map((a, i) => (
                <li key={a}>
                  <Multiaddr address={a} /> <CopyButton text={a} what={`listen address ${i + 1}`} onResult={onCopied} />
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <p className="hint">
        Another node reaches this one with one of these addresses in its <code className="nowrap">--bootnodes</code>: one its machine can reach
        (not 127.0.0.1 from another computer).
      </p>
    </>
  );
}

function PeersTable({ list, onCopied }: { list: readonly PeerInfo[]; onCopied: (message: string) => void }) {
  const rows = sortPeers(list);
  const anyWarning = rows.some((p) => isWarningScore(p.score));
  return (
    <>
      <div className="peers-scroll" role="region" aria-labelledby="peers-caption" tabIndex={0}>
        <table className="peers" data-testid="peers">
          <caption id="peers-caption">{PEERS_CAPTION}</caption>
          <thead>
            <tr>
              <th scope="col">Peer</th>
              <th scope="col">Address</th>
              <th scope="col">Direction</th>
              <th scope="col">Latency</th>
              <th scope="col">Score</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => {
              const warning = isWarningScore(p.score);
              const short = shortPeerId(p.id);
              return (
                <tr key={p.id} data-peer={p.id} data-warning={warning || undefined}>
                  <td>
                    <span className="mono peer-id" title={p.id}>
                      {short}
                    </span>{' '}
                    <CopyButton text={p.id} what={`peer id ${short}`} onResult={onCopied} />
                  </td>
                  <td>
                    <Multiaddr address={p.address} />
                  </td>
                  <td title={DIRECTION_TITLE[p.direction]}>{p.direction}</td>
                  <td className="num" title={p.latencyMs === null ? 'No ping answered yet.' : 'Last ping round trip.'}>
                    {formatLatency(p.latencyMs)}
                  </td>
                  {warning ? (
                    <td className="num warn" title={NEGATIVE_SCORE_NOTE} aria-describedby={SCORE_NOTE_ID}>
                      <span aria-hidden="true">⚠ </span>
                      {formatScore(p.score)}
                    </td>
                  ) : (
                    <td className="num">{formatScore(p.score)}</td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {anyWarning && (
        <p id={SCORE_NOTE_ID} className="warn" data-testid="peers-score-note">
          <span aria-hidden="true">⚠ </span>
          {NEGATIVE_SCORE_NOTE}
        </p>
      )}
    </>
  );
}

/** A multiaddr that wraps at its slashes (`<wbr>` before each but the first), not in the middle of an IP or a port. */
function Multiaddr({ address }: { address: string }) {
  return (
    <span className="mono multiaddr">
      {address.split('/').map((part, i) => (
        <Fragment key={i}>
          {i > 1 && <wbr />}
          {i > 0 && '/'}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
