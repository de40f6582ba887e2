/**
 * Fetching objects from peers: the wire types and protocol ids of go-spacemesh's `fetch/`, the serving side
 * (lookups plugged in by the node) and the asking side (verifiers plugged in by the node).
 * @module
 */
export { FetchError, type FetchErrorCode } from './errors.js';
export { BAD_DATA_PENALTY, type BlobVerifier, type FetchHost, type FetchResult, Fetcher, type FetcherOptions } from './fetcher.js';
export { type BlobLookup, FETCH_SERVE_OPTIONS, type FetchServerDeps, fetchHandlers, layerOpinionHandler, meshHashLayers, meshHashesHandler, serveFetch } from './server.js';
export * from './wire.js';
