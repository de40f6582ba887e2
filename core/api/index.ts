/**
 * The API: the contract, the dispatcher, the service over the node, and its transports (WebSocket/HTTP host,
 * Node client). The public surface.
 * @module
 */
export * from './contract.js';
export { type CallContext, type Dispatch, type Handlers, createDispatcher } from './dispatch.js';
export { ApiRequestError, notAvailable, toApiError } from './errors.js';
export type { AccountsPort, ApiDeps, ApiNode, LogSource, SmeshingControl } from './interface.js';
export { LogBuffer } from './logBuffer.js';
export { type ApiService, createApiService } from './service.js';
export { stateAccounts } from './stateReader.js';
export { loadOrCreateToken, tokenPath } from './token.js';
export { type Endpoint, readEndpoint, removeEndpoint, writeEndpoint } from './endpoint.js';
export { type ApiServer, type ApiServerOptions, MAX_MESSAGE_BYTES, startApiServer } from './wsServer.js';
export { ApiClient, type ApiClientOptions } from './client.js';
export { connectWalletNode } from './walletConnect.js';
