/**
 * One API service that outlives the node behind it: the transports (the WebSocket host, Electron IPC) hold this
 * one, and when the node restarts on another network (`network.join`) the host swaps the service inside. Calls
 * that arrive while the swap runs wait for it and then go to the new node; event listeners move across, and a
 * `status` event goes out once the new node serves. I/O only through the services it holds.
 * @module
 */
import type { ApiEvents, EventName } from '../contract/contract.js';
import type { ApiService, EventListener } from './service.js';

export interface SwitchableService extends ApiService {
  /** The service now behind it. */
  current(): ApiService;
  /**
   * Holds new calls until `swap` resolves, then hands them to the service it resolved to. `swap` resolves to the
   * service to serve from then on: a host that could not start the new node brings the old network back and resolves
   * to that one (if `swap` rejects, the service before it stays).
   */
  switchTo(swap: () => Promise<ApiService>): Promise<ApiService>;
}

/** Wraps `first`. */
export function switchableService(first: ApiService): SwitchableService {
  let service = first;
  let pending: Promise<unknown> = Promise.resolve();
  const listeners = new Set<EventListener>();
  const forward: EventListener = (event, data) => {
    for (const listener of listeners) listener(event, data);
  };
  let detach = service.onEvent(forward);
  const attach = (next: ApiService): void => {
    detach();
    service = next;
    detach = next.onEvent(forward);
  };
  return {
    current: () => service,
    dispatch: async (method, args, context) => {
      await pending;
      return service.dispatch(method, args, context);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit<E extends EventName>(event: E, data: ApiEvents[E]) {
      service.emit(event, data);
    },
    switchTo(swap) {
      // The swap is attached inside the chain, so no held call can run between the swap and the attach.
      const run = pending.then(swap).then((next) => {
        attach(next);
        return next;
      });
      pending = run.catch(() => {});
      return run;
    },
    close() {
      detach();
      listeners.clear();
      service.close();
    },
  };
}
