/**
 * The peer-to-peer layer: the libp2p host, gossip topics, request/response framing and the network id.
 * Importing this module loads no libp2p code until a host is created (`host.ts` says why).
 * @module
 */
export { DEFAULT_HIGH_PEERS, DEFAULT_LISTEN, DEFAULT_LOW_PEERS, type GossipHandler, type P2PHost, type P2PHostOptions, type PeerInfo, type PublishResult, type RequestAnyOptions, createP2PHost } from './host.js';
export { P2PError, type P2PErrorCode } from './errors.js';
export { type RequestOptions, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT_MS } from './client.js';
export { type RequestHandler, type ServeOptions, respond } from './server.js';
export { createTestGate, parseTestGateSpec, type TestGate, type TestGateSpec } from './gate.js';
export { TEST_GATE_POLL_MS, type TestGateWatch, watchTestGateFile } from './testGateFile.js';
export { messageId } from './gossipConfig.js';
export { networkId } from './network.js';
export { PEER_KEY_FILE, loadOrCreatePeerKey } from './peerKey.js';
export * from './topics.js';
