/**
 * Child-process entry of {@link ProcessProver}: serves the prover over the Node IPC channel and exits when the
 * parent goes away (the channel disconnects: go-spacemesh's `--watch-pid` idea). Run under plain Node with
 * `--import tsx`. I/O: process IPC.
 * @module
 */
import { serveProver } from './proverServer.js';

const service = serveProver({
  send: (message) => {
    if (process.connected) process.send?.(message);
  },
  onMessage: (listener) => process.on('message', listener),
  exit: () => process.disconnect(),
});

// Ctrl-C in a terminal signals the whole process group: the parent owns the shutdown (it asks this child to stop,
// then closes the channel), so an interrupt here must not kill the child first and read as a prover crash.
process.on('SIGINT', () => {});

// The parent died or closed the channel: nothing will read our results, so stop the work.
process.on('disconnect', () => {
  service.cancelAll();
  setTimeout(() => process.exit(0), 100).unref();
});
