/**
 * A cap on the API calls that cost real memory or CPU (issue #17: 64 concurrent `smeshing.benchmark` calls took a
 * node to 2.1 GB): the PoST benchmark (label workers), and the wallet calls that run the password KDF or read a
 * file. At most {@link MAX_HEAVY_IN_FLIGHT} of them run at once, across every connection and transport; one more
 * is refused at once with BUSY (nothing is queued, so refused calls cost nothing). Pure apart from the handlers.
 * @module
 */
import type { HandledMethod, Handlers } from './dispatch.js';
import { ApiRequestError } from './errors.js';

export const HEAVY_METHODS = ['smeshing.benchmark', 'wallet.create', 'wallet.restore', 'wallet.unlock', 'wallet.importSmapp'] as const satisfies readonly HandledMethod[];

/** Heavy calls running at once, all clients together. */
export const MAX_HEAVY_IN_FLIGHT = 4;

/** `handlers` with the heavy ones behind one shared counter. */
export function capHeavyCalls(handlers: Handlers, limit = MAX_HEAVY_IN_FLIGHT): Handlers {
  let inFlight = 0;
  const capped: Record<string, (args: never) => Promise<unknown>> = { ...handlers };
  for (const method of HEAVY_METHODS) {
    const handler = handlers[method] as (args: unknown) => Promise<unknown>;
    capped[method] = async (args: unknown) => {
      if (inFlight >= limit) throw new ApiRequestError('BUSY', `${method}: the node is busy with ${inFlight} such calls; try again when they finish`);
      inFlight++;
      try {
        return await handler(args);
      } finally {
        inFlight--;
      }
    };
  }
  return capped as unknown as Handlers;
}
