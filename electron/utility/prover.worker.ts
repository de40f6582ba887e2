/**
 * The prover's `utilityProcess` entry under Electron: the same service and wire protocol as the plain-Node child
 * (core/post/proverServer.ts), over `process.parentPort` instead of the Node IPC channel. The child exits when
 * asked to shut down; Electron ends utility processes with the app. I/O: process messages.
 * @module
 */
import { serveProver } from '../../core/post/proverServer.js';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

const port = (process as unknown as { parentPort: ParentPort }).parentPort;

serveProver({
  send: (message) => port.postMessage(message),
  onMessage: (listener) => port.on('message', ({ data }) => listener(data)),
  // Let the shutdown answer leave before the process ends.
  exit: () => setTimeout(() => process.exit(0), 50),
});

// `npm start` from a terminal: Ctrl-C reaches the whole process group, but the main process owns the shutdown (it
// asks this child to stop), so an interrupt must not end the child first and read as a prover crash.
process.on('SIGINT', () => {});
