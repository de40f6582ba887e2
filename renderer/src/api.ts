/**
 * The page's one API client: the Electron bridge when the preload gave us one, else the host's WebSocket. Stores
 * import it; components never talk to a transport.
 * @module
 */
import type { NodeBridge } from '../../core/api/contract/contract.js';
import { createNodeClient, defaultTransport } from '../api/client.js';

declare global {
  interface Window {
    nodeBridge?: NodeBridge;
  }
}

const bridge = window.nodeBridge;
export const client = createNodeClient(
  defaultTransport({ ...(bridge === undefined ? {} : { nodeBridge: bridge }), location: window.location, WebSocket: window.WebSocket }),
);

/** A refusal or failure as a sentence for people (the API's message; the code in brackets helps support). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
