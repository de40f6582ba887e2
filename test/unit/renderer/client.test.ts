/**
 * The renderer's typed client: the Proxy maps `client.ns.method(args)` onto one transport call and turns refusals
 * into ApiCallError; over a real WebSocket (the `ws` package standing in for the browser's) it talks to the real
 * host with the token, receives events, and reports a closed connection; the bridge wins when present.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebSocket } from 'ws';
import type { ApiResult, EventName, NodeBridge } from '../../../core/api/contract/contract.js';
import { loadOrCreateToken } from '../../../core/api/server/token.js';
import { startApiServer } from '../../../core/api/server/wsServer.js';
import { ApiCallError, createNodeClient, defaultTransport } from '../../../renderer/api/client.js';
import { type WebSocketLike, createWebSocketTransport } from '../../../renderer/api/wsTransport.js';
import { SMESHER_A, fixture } from '../api/helpers.js';

const BrowserLikeWebSocket = WebSocket as unknown as new (url: string) => WebSocketLike;

describe('renderer client', () => {
  it('maps namespaced calls onto the transport and throws ApiCallError on refusal', async () => {
    const calls: unknown[][] = [];
    const transport: NodeBridge = {
      call: (method, args) => {
        calls.push([method, args]);
        const result: ApiResult<unknown> = method === 'node.status' ? { ok: true, value: { version: 'x' } } : { ok: false, error: { code: 'WALLET_LOCKED', message: 'locked' } };
        return Promise.resolve(result);
      },
      subscribe: (event: EventName, _listener: (data: unknown) => void) => (calls.push(['subscribe', event]), () => {}),
    };
    const client = createNodeClient(transport);
    assert.deepEqual(await client.node.status({}), { version: 'x' });
    await assert.rejects(client.wallet.accounts({}), (err) => err instanceof ApiCallError && err.code === 'WALLET_LOCKED');
    client.on('layer', () => {});
    assert.deepEqual(calls, [['node.status', {}], ['wallet.accounts', {}], ['subscribe', 'layer']]);
    assert.equal((client as unknown as { then?: unknown }).then, undefined, 'not mistaken for a promise');
  });

  it('talks to the real host over a WebSocket: calls, events, and a closed connection', async (t) => {
    const f = await fixture(t);
    const token = await loadOrCreateToken(f.dataDir);
    const server = await startApiServer({ service: f.service, token, port: 0 });
    t.after(() => server.close());
    const transport = createWebSocketTransport(`${server.url.replace('http', 'ws')}/ws?token=${token}`, BrowserLikeWebSocket);
    t.after(() => transport.close());
    const client = createNodeClient(transport);
    const status = await client.node.status({});
    assert.equal(status.identities[0]!.smesherId, SMESHER_A);
    await assert.rejects(client.network.layers({ from: 2, to: 1 }), (err) => err instanceof ApiCallError && err.code === 'INVALID_ARGS');

    const seen: number[] = [];
    const stop = client.on('timeline', (e) => seen.push(e.event === 'post_proof' ? e.publishEpoch : -1));
    await client.node.status({}); // the subscribe request went first on the same socket
    f.node.events.emit('timeline', { event: 'post_proof', smesherId: SMESHER_A, publishEpoch: 5 });
    await client.node.status({});
    assert.deepEqual(seen, [5]);
    stop();

    await server.close();
    await assert.rejects(client.node.status({}), (err) => err instanceof ApiCallError && err.code === 'DISCONNECTED');
  });

  it('uses the Electron bridge when the preload exposed one, else the same-origin WebSocket', () => {
    const bridge: NodeBridge = { call: () => Promise.resolve({ ok: true, value: null }), subscribe: () => () => {} };
    const opened: string[] = [];
    class FakeWs {
      readyState = 0;
      constructor(url: string) {
        opened.push(url);
      }
      send(): void {}
      close(): void {}
      addEventListener(): void {}
    }
    assert.equal(defaultTransport({ nodeBridge: bridge, location: { protocol: 'app:', host: 'smesher' }, WebSocket: FakeWs }), bridge);
    defaultTransport({ location: { protocol: 'http:', host: '127.0.0.1:9171' }, WebSocket: FakeWs });
    // The page's address carries the token (no cookie does): the WebSocket gets it from there.
    defaultTransport({ location: { protocol: 'http:', host: '127.0.0.1:9171', search: '?token=ab12' }, WebSocket: FakeWs });
    assert.deepEqual(opened, ['ws://127.0.0.1:9171/ws', 'ws://127.0.0.1:9171/ws?token=ab12']);
  });
});
