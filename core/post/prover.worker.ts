/**
 * Child-process entry of {@link ProcessProver}: serves init/prove/cancel/shutdown over the IPC channel and exits
 * when the parent goes away (the channel disconnects: go-spacemesh's `--watch-pid` idea). Run under plain Node with
 * `--import tsx`. I/O: process IPC, and the prover service's files and threads.
 * @module
 */
import { isParentMessage, type ChildMessage } from './proverProtocol.js';
import { createProverService } from './proverService.js';
import type { InitSummary, ProveSummary } from './prover.js';
import { CodedError, type CodedErrorObject } from '../util/errors.js';
import type { Logger, LogContext, LogLevel } from '../util/logger.js';

function send(message: ChildMessage): void {
  if (process.connected) process.send?.(message);
}

function ipcLogger(bindings: LogContext): Logger {
  const emit = (level: LogLevel) => (msg: string, context?: LogContext) =>
    send({ type: 'log', level, msg, context: JSON.parse(JSON.stringify({ ...bindings, ...context }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as LogContext });
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error'), child: (more) => ipcLogger({ ...bindings, ...more }) };
}

const service = createProverService(ipcLogger({ service: 'prover', pid: process.pid }));

function toErrorObject(err: unknown): CodedErrorObject {
  if (err instanceof CodedError) return err.toObject();
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

process.on('message', (message: unknown) => {
  if (!isParentMessage(message)) return;
  const { seq } = message;
  const reply = (job: Promise<InitSummary | ProveSummary | null>): void => {
    job.then(
      (value) => send({ seq, type: 'result', value }),
      (err: unknown) => send({ seq, type: 'error', error: toErrorObject(err) }),
    );
  };
  switch (message.type) {
    case 'init':
      reply(service.init(message.request, (progress) => send({ seq, type: 'progress', progress })));
      break;
    case 'prove':
      reply(service.prove(message.request, (progress) => send({ seq, type: 'progress', progress })));
      break;
    case 'cancel':
      service.cancelAll();
      send({ seq, type: 'result', value: null });
      break;
    case 'shutdown':
      service.cancelAll();
      send({ seq, type: 'result', value: null });
      process.disconnect();
      break;
  }
});

// The parent died or closed the channel: nothing will read our results, so stop the work.
process.on('disconnect', () => {
  service.cancelAll();
  setTimeout(() => process.exit(0), 100).unref();
});
