/**
 * Node facts for every screen: connection state, status, the current layer, peers and recent logs. Updated only
 * from client calls and pushed events (`status`, `layer`, `log`); the Node screen polls the peer list while it is
 * open. `error` is the connection's (the shell's banner); peers and logs keep their own errors so a failing log
 * call never reads as "node unreachable". The PoS folders of every identity seen are remembered in localStorage:
 * a stopped identity leaves the status, and its folder is still what the user may want to delete.
 * @module
 */
import { create } from 'zustand';
import type { LayerInfo, LogRecord, NodeStatus } from '../../../core/api/contract/contract.js';
import { client, describeError } from '../api.js';
import type { Connection, Peers } from '../logic/syncState.js';

export type { Connection, Peers };

interface NodeState {
  connection: Connection;
  error: string | null;
  status: NodeStatus | null;
  layer: LayerInfo | null;
  peers: Peers | null;
  peersError: string | null;
  logs: readonly LogRecord[];
  logsError: string | null;
  /** PoS folders of identities seen in any status (newest last), kept across stops and reloads. */
  knownFolders: readonly string[];
  refresh: () => Promise<void>;
  loadPeers: () => Promise<void>;
  /**
   * The periodic refresh of the peer list: asks again only while the node is reachable and the last answer was a
   * list. A standalone answer stays true until the node restarts (the reconnect reload asks again then), and an
   * error stays on screen with its Try again rather than flickering away on the next tick.
   */
  pollPeers: () => Promise<void>;
  loadLogs: () => Promise<void>;
  forgetFolder: (folder: string) => void;
}

const MAX_LOGS = 500;
const FOLDERS_KEY = 'smeshing-folders';

function savedFolders(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(FOLDERS_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

/** The folders with this status's identities added; the same array when nothing is new (no re-render). */
function withFolders(known: readonly string[], status: NodeStatus): readonly string[] {
  const fresh = status.identities.map((i) => i.postDir).filter((f) => !known.includes(f));
  if (fresh.length === 0) return known;
  const next = [...known, ...new Set(fresh)];
  localStorage.setItem(FOLDERS_KEY, JSON.stringify(next));
  return next;
}

export const useNode = create<NodeState>()((set, get) => ({
  connection: 'connecting',
  error: null,
  status: null,
  layer: null,
  peers: null,
  peersError: null,
  logs: [],
  logsError: null,
  knownFolders: savedFolders(),
  async refresh() {
    try {
      const status = await client.node.status({});
      set({ status, connection: 'connected', error: null, knownFolders: withFolders(get().knownFolders, status) });
    } catch (error) {
      set({ connection: 'unreachable', error: describeError(error) });
    }
  },
  async loadPeers() {
    try {
      set({ peers: { kind: 'list', list: await client.network.peers({}) }, peersError: null });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'NOT_AVAILABLE') set({ peers: { kind: 'unavailable', message: (error as Error).message }, peersError: null });
      else set({ peersError: describeError(error) });
    }
  },
  async pollPeers() {
    const { connection, peers, peersError } = get();
    if (connection === 'connected' && peers?.kind === 'list' && peersError === null) await get().loadPeers();
  },
  async loadLogs() {
    try {
      set({ logs: await client.logs.tail({ limit: 200 }), logsError: null });
    } catch (error) {
      set({ logsError: describeError(error) });
    }
  },
  forgetFolder(folder) {
    const next = get().knownFolders.filter((f) => f !== folder);
    localStorage.setItem(FOLDERS_KEY, JSON.stringify(next));
    set({ knownFolders: next });
  },
}));

/** Takes a status (from a call or a push) into the store. */
export function setStatus(status: NodeStatus): void {
  useNode.setState((s) => ({ status, connection: 'connected', knownFolders: withFolders(s.knownFolders, status) }));
}

/** Subscribes the store to the node's events; returns the unsubscribe function. */
export function wireNodeEvents(): () => void {
  const offs = [
    client.on('status', setStatus),
    client.on('layer', (layer) => useNode.setState({ layer })),
    client.on('log', (record) => useNode.setState((s) => ({ logs: [...s.logs, record].slice(-MAX_LOGS) }))),
  ];
  void useNode.getState().refresh();
  // A closed socket shows up only on the next call: poll status so "unreachable" appears within seconds.
  const timer = setInterval(() => void useNode.getState().refresh(), 5000);
  return () => {
    clearInterval(timer);
    offs.forEach((off) => off());
  };
}
