/**
 * The child side of the prover wire protocol (proverProtocol.ts): serves init/prove/pause/resume/cancel/shutdown from one
 * prover service over whatever channel the child has (Node IPC under plain Node, `process.parentPort` in an
 * Electron utility process), forwarding logs and progress and returning errors as coded objects. I/O through the
 * given channel.
 * @module
 */
import { type ChildMessage, isParentMessage } from './proverProtocol.js';
import { createProverService } from './proverService.js';
import type { InitSummary, ProveSummary } from './prover.js';
import { CodedError, type CodedErrorObject } from '../util/errors.js';
import type { LogContext, LogLevel, Logger } from '../util/logger.js';

export interface ProverChannel {
  send(message: ChildMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Ends the child after `shutdown` has been answered. */
  exit(): void;
}

/** Serves the prover on `channel`; returns the service so the entry can cancel its work when the parent goes away. */
export function serveProver(channel: ProverChannel): { cancelAll(): void } {
  const service = createProverService(channelLogger(channel, { service: 'prover', pid: process.pid }));
  channel.onMessage((message) => {
    if (!isParentMessage(message)) return;
    const { seq } = message;
    const reply = (job: Promise<InitSummary | ProveSummary | null>): void => {
      job.then(
        (value) => channel.send({ seq, type: 'result', value }),
        (err: unknown) => channel.send({ seq, type: 'error', error: toErrorObject(err) }),
      );
    };
    switch (message.type) {
      case 'init':
        reply(service.init(message.request, (progress) => channel.send({ seq, type: 'progress', progress })));
        break;
      case 'prove':
        reply(service.prove(message.request, (progress) => channel.send({ seq, type: 'progress', progress })));
        break;
      case 'pause':
        service.pauseAll();
        channel.send({ seq, type: 'result', value: null });
        break;
      case 'resume':
        service.resumeAll();
        channel.send({ seq, type: 'result', value: null });
        break;
      case 'cancel':
        service.cancelAll();
        channel.send({ seq, type: 'result', value: null });
        break;
      case 'shutdown':
        service.cancelAll();
        channel.send({ seq, type: 'result', value: null });
        channel.exit();
        break;
    }
  });
  return service;
}

/** Log records cross to the parent, which writes them with its own logger (JSON-safe: bigints as strings). */
function channelLogger(channel: ProverChannel, bindings: LogContext): Logger {
  const emit = (level: LogLevel) => (msg: string, context?: LogContext) =>
    channel.send({
      type: 'log',
      level,
      msg,
      context: JSON.parse(JSON.stringify({ ...bindings, ...context }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as LogContext,
    });
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error'), child: (more) => channelLogger(channel, { ...bindings, ...more }) };
}

function toErrorObject(err: unknown): CodedErrorObject {
  if (err instanceof CodedError) return err.toObject();
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
