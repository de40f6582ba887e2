/**
 * The one dispatcher every transport uses (docs/architecture.md §4): refuses a method that is not on the allowlist,
 * validates the arguments against the method's schema, runs the handler, and wraps the outcome as
 * `{ok, value} | {ok: false, error: {code, message}}`. It never throws. The subscription methods are handed to the
 * transport's {@link CallContext}, since subscriptions belong to a connection. Pure apart from the handlers it calls.
 * @module
 */
import type { z } from 'zod';
import { type ApiArgs, type ApiResult, type ApiValue, type EventName, type MethodName, type SUBSCRIPTION_METHODS, isMethodName } from '../contract/contract.js';
import { ApiRequestError, toApiError } from './errors.js';
import { ARG_SCHEMAS } from '../contract/schemas.js';
import { nullLogger, type Logger } from '../../util/logger.js';

type SubscriptionMethod = (typeof SUBSCRIPTION_METHODS)[number];
export type HandledMethod = Exclude<MethodName, SubscriptionMethod>;

/** One function per method; handlers receive validated arguments. */
export type Handlers = { readonly [M in HandledMethod]: (args: ApiArgs<M>) => Promise<ApiValue<M>> };

/** What a transport offers a call: its connection's subscriptions. */
export interface CallContext {
  subscribe?(events: readonly EventName[]): readonly EventName[];
  unsubscribe?(events: readonly EventName[]): readonly EventName[];
}

export type Dispatch = (method: unknown, args: unknown, context?: CallContext) => Promise<ApiResult<unknown>>;

/** Issues joined into one line; values are never echoed (they may be secrets). */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length === 0 ? 'args' : issue.path.join('.')}: ${issue.message}`)
    .join('; ');
}

/**
 * Builds the dispatcher over `handlers`.
 * @param logger - failures are logged with the method and error code only, never the arguments
 */
export function createDispatcher(handlers: Handlers, logger: Logger = nullLogger): Dispatch {
  const log = logger.child({ module: 'api' });
  return async (method, args, context = {}) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown method ${typeof method === 'string' ? JSON.stringify(method.slice(0, 64)) : typeof method}` } };
    }
    const parsed = ARG_SCHEMAS[method].safeParse(args ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'INVALID_ARGS', message: `${method}: ${describeIssues(parsed.error)}` } };
    try {
      const value = await run(handlers, method, parsed.data, context);
      return { ok: true, value };
    } catch (err) {
      const error = toApiError(err);
      if (error.code === 'INTERNAL') log.error('API call failed', { method, err });
      else log.debug('API call refused', { method, code: error.code });
      return { ok: false, error };
    }
  };
}

async function run(handlers: Handlers, method: MethodName, args: unknown, context: CallContext): Promise<unknown> {
  if (method === 'events.subscribe' || method === 'events.unsubscribe') {
    const { events } = args as ApiArgs<'events.subscribe'>;
    const now = method === 'events.subscribe' ? context.subscribe?.(events) : context.unsubscribe?.(events);
    if (now === undefined) throw new ApiRequestError('NOT_AVAILABLE', `${method} needs a connection that can receive events`);
    return { events: now };
  }
  // The schema for `method` produced `args`, so it has the handler's argument type.
  const handler = handlers[method] as (a: unknown) => Promise<unknown>;
  return handler(args);
}
