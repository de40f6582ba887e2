/**
 * The IPC bridge's main side (docs/architecture.md §4): exactly two channels. `node:call` (`ipcMain.handle`) first checks that
 * the sender is the top frame of one of our windows showing our own origin, then hands the call to the one
 * dispatcher (the native dialogs, `dialog.*`, are answered here by the desktop host itself: electron/main/dialogs.ts,
 * arguments checked against the same schemas); `node:event` pushes the events a window subscribed to, through a per-window {@link EventOutbox}
 * flushed every {@link EVENT_BATCH_MS} (smapp's batched sync), so a busy node never floods a window. I/O: IPC.
 * @module
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { type ApiResult, EVENT_NAMES, type EventMessage, type EventName } from '../../core/api/contract/contract.js';
import { ARG_SCHEMAS } from '../../core/api/contract/schemas.js';
import { EventOutbox } from '../../core/api/server/outbox.js';
import { toApiError } from '../../core/api/service/errors.js';
import type { ApiService } from '../../core/api/service/service.js';
import { nullLogger, type Logger } from '../../core/util/logger.js';
import { DESKTOP_METHODS, type DesktopCalls } from './dialogs.js';
import { isAppUrl } from './security.js';

export const CALL_CHANNEL = 'node:call';
export const EVENT_CHANNEL = 'node:event';
/** How often queued events go out to a window. */
export const EVENT_BATCH_MS = 50;

/** The slice of a sender frame the check reads. */
export type SenderFrame = Pick<WebFrameMain, 'url' | 'parent'> | null;

/**
 * True when the frame is a top-level frame showing our bundle. A subframe, a navigated page or a destroyed frame
 * (`null`) is not ours, whatever it claims.
 */
export function isTrustedSender(frame: SenderFrame): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

type Sender = Pick<WebContents, 'id' | 'send' | 'isDestroyed' | 'once'>;

export interface IpcBridgeOptions {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly service: ApiService;
  readonly logger?: Logger;
  /** The calls the desktop host answers itself (native dialogs); absent: they go to the service like any other. */
  readonly desktop?: DesktopCalls;
  /** Timer functions (tests pass fakes to flush batches deterministically). */
  readonly setInterval?: (fn: () => void, ms: number) => unknown;
  readonly clearInterval?: (handle: unknown) => void;
}

interface WindowSubscription {
  readonly sender: Sender;
  readonly names: Set<EventName>;
  readonly outbox: EventOutbox;
}

/** One desktop call, validated as the dispatcher validates: never throws. */
async function callDesktop(desktop: DesktopCalls, method: (typeof DESKTOP_METHODS)[number], args: unknown): Promise<ApiResult<unknown>> {
  const parsed = ARG_SCHEMAS[method].safeParse(args ?? {});
  if (!parsed.success) return { ok: false, error: { code: 'INVALID_ARGS', message: `${method}: ${parsed.error.issues[0]?.message ?? 'bad arguments'}` } };
  try {
    const value: unknown = method === 'dialog.chooseFolder' ? await desktop[method](parsed.data as ApiArgsOf<typeof method>) : await desktop[method]({});
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toApiError(err) };
  }
}

type ApiArgsOf<M extends keyof DesktopCalls> = Parameters<DesktopCalls[M]>[0];

/** Registers the call handler and the event pump. Returns the function that removes both. */
export function registerIpcBridge(options: IpcBridgeOptions): () => void {
  const { ipcMain, service } = options;
  const log = (options.logger ?? nullLogger).child({ module: 'ipc' });
  const windows = new Map<number, WindowSubscription>();

  const subscriptionOf = (sender: Sender): WindowSubscription => {
    let sub = windows.get(sender.id);
    if (sub === undefined) {
      sub = { sender, names: new Set(), outbox: new EventOutbox() };
      windows.set(sender.id, sub);
      sender.once('destroyed', () => windows.delete(sender.id));
    }
    return sub;
  };

  ipcMain.handle(CALL_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, args: unknown): Promise<ApiResult<unknown>> => {
    if (!isTrustedSender(event.senderFrame)) {
      log.warn('IPC call from a frame that is not ours refused', { url: event.senderFrame?.url.slice(0, 100) ?? null });
      return { ok: false, error: { code: 'FORBIDDEN_ORIGIN', message: 'calls are accepted from the app window only' } };
    }
    const desktop = options.desktop;
    if (desktop !== undefined && (DESKTOP_METHODS as readonly unknown[]).includes(method)) {
      return callDesktop(desktop, method as (typeof DESKTOP_METHODS)[number], args);
    }
    const sub = subscriptionOf(event.sender);
    return service.dispatch(method, args, {
      subscribe(names) {
        for (const n of names) sub.names.add(n);
        return EVENT_NAMES.filter((n) => sub.names.has(n));
      },
      unsubscribe(names) {
        for (const n of names) sub.names.delete(n);
        sub.outbox.retain(sub.names);
        return EVENT_NAMES.filter((n) => sub.names.has(n));
      },
    });
  });

  const stopEvents = service.onEvent((event, data) => {
    for (const sub of windows.values()) if (sub.names.has(event)) sub.outbox.push({ event, data } as EventMessage);
  });
  const flush = (): void => {
    for (const [id, sub] of windows) {
      if (sub.sender.isDestroyed()) {
        windows.delete(id);
        continue;
      }
      const batch: EventMessage[] = [];
      for (let m = sub.outbox.take(); m !== undefined; m = sub.outbox.take()) batch.push(m);
      if (batch.length > 0) sub.sender.send(EVENT_CHANNEL, batch);
    }
  };
  const timer = (options.setInterval ?? setInterval)(flush, EVENT_BATCH_MS);

  return () => {
    (options.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout)))(timer);
    stopEvents();
    ipcMain.removeHandler(CALL_CHANNEL);
    windows.clear();
  };
}
