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

// The parent died or closed the channel: nothing will read our results, so stop the work.
process.on('disconnect', () => {
  service.cancelAll();
  setTimeout(() => process.exit(0), 100).unref();
});
