/**
 * The wire protocol between {@link ProcessProver} and prover.worker.ts: a typed discriminated union with `seq`
 * ids (Signal `MainSQL` style). Parent → child: init | prove | cancel | shutdown. Child → parent: result | error |
 * progress | log. Errors cross as `CodedError.toObject()`. Pure (types and a guard).
 * @module
 */
import type { InitRequest, InitSummary, ProveRequest, ProveSummary } from './prover.js';
import type { InitProgress } from './progress.js';
import type { ProveProgress } from './prove.js';
import type { CodedErrorObject } from '../util/errors.js';
import type { LogLevel } from '../util/logger.js';

export type ParentMessage =
  | { readonly seq: number; readonly type: 'init'; readonly request: InitRequest }
  | { readonly seq: number; readonly type: 'prove'; readonly request: ProveRequest }
  | { readonly seq: number; readonly type: 'pause' }
  | { readonly seq: number; readonly type: 'resume' }
  | { readonly seq: number; readonly type: 'cancel' }
  | { readonly seq: number; readonly type: 'shutdown' };

export type ChildMessage =
  | { readonly seq: number; readonly type: 'result'; readonly value: InitSummary | ProveSummary | null }
  | { readonly seq: number; readonly type: 'error'; readonly error: CodedErrorObject }
  | { readonly seq: number; readonly type: 'progress'; readonly progress: InitProgress | ProveProgress }
  | { readonly type: 'log'; readonly level: LogLevel; readonly msg: string; readonly context: Readonly<Record<string, unknown>> };

const CHILD_TYPES = new Set(['result', 'error', 'progress', 'log']);
const PARENT_TYPES = new Set(['init', 'prove', 'pause', 'resume', 'cancel', 'shutdown']);

/** Drops anything that is not a child → parent message (wrong direction or garbage). */
export function isChildMessage(value: unknown): value is ChildMessage {
  return typeof value === 'object' && value !== null && CHILD_TYPES.has((value as { type?: unknown }).type as string);
}

/** Drops anything that is not a parent → child message. */
export function isParentMessage(value: unknown): value is ParentMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    PARENT_TYPES.has((value as { type?: unknown }).type as string) &&
    Number.isSafeInteger((value as { seq?: unknown }).seq)
  );
}
