/**
 * The prover's `utilityProcess` entry under Electron: the same service and wire protocol as the plain-Node child
 * (core/post/prover.worker.ts), over `process.parentPort` instead of the Node IPC channel. The child exits when
 * asked to shut down; Electron ends utility processes with the app. I/O: process messages, the prover's files and
 * threads.
 * @module
 */
import { createProverService } from '../../core/post/proverService.js';
import { type ChildMessage, isParentMessage } from '../../core/post/proverProtocol.js';
import type { InitSummary, ProveSummary } from '../../core/post/prover.js';
import { CodedError, type CodedErrorObject } from '../../core/util/errors.js';
import type { LogContext, LogLevel, Logger } from '../../core/util/logger.js';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

const port = (process as unknown as { parentPort: ParentPort }).parentPort;
const send = (message: ChildMessage): void => port.postMessage(message);

function portLogger(bindings: LogContext): Logger {
  const emit = (level: LogLevel) => (msg: string, context?: LogContext) =>
    send({ type: 'log', level, msg, context: JSON.parse(JSON.stringify({ ...bindings, ...context }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as LogContext });
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error'), child: (more) => portLogger({ ...bindings, ...more }) };
}

const service = createProverService(portLogger({ service: 'prover', pid: process.pid }));

function toErrorObject(err: unknown): CodedErrorObject {
  if (err instanceof CodedError) return err.toObject();
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

port.on('message', ({ data: message }) => {
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
      setTimeout(() => process.exit(0), 50);
      break;
  }
});
