/**
 * Node facts for every screen: connection state, status, the current layer, peers and recent logs. Updated only
 * from client calls and pushed events (`status`, `layer`, `log`).
 * @module
 */
import { create } from 'zustand';
import type { LayerInfo, LogRecord, NodeStatus, PeerInfo } from '../../../core/api/contract.js';
import { client, describeError } from '../api.js';

export type Connection = 'connecting' | 'connected' | 'unreachable';

interface NodeState {
  connection: Connection;
  error: string | null;
  status: NodeStatus | null;
  layer: LayerInfo | null;
  peers: readonly PeerInfo[] | null;
  logs: readonly LogRecord[];
  refresh: () => Promise<void>;
  loadPeers: () => Promise<void>;
  loadLogs: () => Promise<void>;
}

const MAX_LOGS = 500;

export const useNode = create<NodeState>()((set) => ({
  connection: 'connecting',
  error: null,
  status: null,
  layer: null,
  peers: null,
  logs: [],
  async refresh() {
    try {
      const status = await client.node.status({});
      set({ status, connection: 'connected', error: null });
    } catch (error) {
      set({ connection: 'unreachable', error: describeError(error) });
    }
  },
  async loadPeers() {
    try {
      set({ peers: await client.network.peers({}) });
    } catch (error) {
      set({ error: describeError(error) });
    }
  },
  async loadLogs() {
    try {
      set({ logs: await client.logs.tail({ limit: 200 }) });
    } catch (error) {
      set({ error: describeError(error) });
    }
  },
}));

/** Subscribes the store to the node's events; returns the unsubscribe function. */
export function wireNodeEvents(): () => void {
  const offs = [
    client.on('status', (status) => useNode.setState({ status, connection: 'connected' })),
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
