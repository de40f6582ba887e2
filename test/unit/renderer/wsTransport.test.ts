/**
 * The reconnecting WebSocket transport: with a scripted socket and mocked timers, the exact schedule (calls in
 * flight refused on close, background attempts after 1, 2, 5, 5 s, an attempt at once when a call is made, the
 * schedule reset by a successful open, nothing after close()) and the re-subscription of every listened event;
 * against the real host, a node that stops and comes back on the same port is used again with no reload, by
 * calls and by the events subscribed before it went away.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { loadOrCreateToken } from '../../../core/api/server/token.js';
import { startApiServer } from '../../../core/api/server/wsServer.js';
import { type WebSocketLike, createWebSocketTransport } from '../../../renderer/api/wsTransport.js';
import { SMESHER_A, fixture } from '../api/helpers.js';

/** A socket the test opens, answers and closes by hand. */
class ScriptedSocket implements WebSocketLike {
  static made: ScriptedSocket[] = [];
  readyState = 0;
  readonly sent: { id: number; method: string; args: unknown }[] = [];
  private readonly handlers = new Map<string, ((event: { data: unknown }) => void)[]>();
  constructor(readonly url: string) {
    ScriptedSocket.made.push(this);
  }
  addEventListener(type: string, listener: (event: { data: unknown }) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener]);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data) as ScriptedSocket['sent'][number]);
  }
  close(): void {
    this.fire('close');
  }
  fire(type: 'open' | 'close' | 'message', data?: unknown): void {
    this.readyState = type === 'open' ? 1 : type === 'close' ? 3 : this.readyState;
    for (const h of this.handlers.get(type) ?? []) h({ data });
  }
  answer(id: number, value: unknown): void {
    this.fire('message', JSON.stringify({ id, ok: true, value }));
  }
}

const latest = (): ScriptedSocket => ScriptedSocket.made.at(-1)!;
/** Lets the transport's awaited promises run. */
const settle = () => new Promise<void>((r) => setImmediate(r));

describe('WebSocket transport', () => {
  it('refuses calls in flight when the socket closes, then reconnects after 1, 2, 5, 5 s; an open resets the schedule', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    ScriptedSocket.made = [];
    const transport = createWebSocketTransport('ws://node/ws', ScriptedSocket);
    t.after(() => transport.close());
    const first = transport.call('node.status', {});
    latest().fire('open');
    await settle();
    assert.deepEqual(latest().sent.map((m) => m.method), ['node.status']);
    latest().fire('close');
    assert.deepEqual(await first, { ok: false, error: { code: 'DISCONNECTED', message: 'the connection to the node closed' } });

    const attemptsAfter = (ms: number): number => (t.mock.timers.tick(ms), ScriptedSocket.made.length);
    assert.equal(attemptsAfter(999), 1);
    assert.equal(attemptsAfter(1), 2);
    latest().fire('close');
    assert.equal(attemptsAfter(1999), 2);
    assert.equal(attemptsAfter(1), 3);
    latest().fire('close');
    assert.equal(attemptsAfter(5000), 4);
    latest().fire('close');
    assert.equal(attemptsAfter(4999), 4);
    assert.equal(attemptsAfter(1), 5, 'the last wait repeats');

    latest().fire('open');
    latest().fire('close');
    assert.equal(attemptsAfter(1000), 6, 'a connection that opened starts the schedule over');
  });

  it('a call made while waiting to retry connects at once and is sent when the socket opens', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    ScriptedSocket.made = [];
    const transport = createWebSocketTransport('ws://node/ws', ScriptedSocket);
    t.after(() => transport.close());
    latest().fire('close');
    const call = transport.call('wallet.list', {});
    assert.equal(ScriptedSocket.made.length, 2, 'no waiting for the timer');
    latest().fire('open');
    await settle();
    const sent = latest().sent.find((m) => m.method === 'wallet.list')!;
    latest().answer(sent.id, []);
    assert.deepEqual(await call, { ok: true, value: [] });

    latest().fire('close');
    const refused = transport.call('wallet.list', {});
    latest().fire('close'); // that attempt fails too: the call is refused, not left waiting
    assert.equal((await refused).ok, false);
  });

  it('subscribes again to every event that still has listeners, and delivers them', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    ScriptedSocket.made = [];
    const transport = createWebSocketTransport('ws://node/ws', ScriptedSocket);
    t.after(() => transport.close());
    const layers: unknown[] = [];
    transport.subscribe('layer', (l) => layers.push(l));
    const stopLogs = transport.subscribe('log', () => {});
    transport.subscribe('reward', () => {});
    latest().fire('open');
    await settle();
    stopLogs();
    await settle();
    latest().fire('close');
    t.mock.timers.tick(1000);
    latest().fire('open');
    await settle();
    assert.deepEqual(latest().sent, [{ id: latest().sent[0]!.id, method: 'events.subscribe', args: { events: ['layer', 'reward'] } }]);
    latest().fire('message', JSON.stringify({ event: 'layer', data: { layer: 7 } }));
    assert.deepEqual(layers, [{ layer: 7 }]);
  });

  it('close() stops reconnecting and refuses later calls', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    ScriptedSocket.made = [];
    const transport = createWebSocketTransport('ws://node/ws', ScriptedSocket);
    latest().fire('open');
    transport.close();
    t.mock.timers.tick(60_000);
    assert.equal(ScriptedSocket.made.length, 1);
    assert.equal((await transport.call('node.status', {})).ok, false);
  });

  it('uses a real host again after it stops and comes back on the same port: calls and earlier subscriptions', async (t) => {
    const f = await fixture(t);
    const token = await loadOrCreateToken(f.dataDir);
    let server = await startApiServer({ service: f.service, token, port: 0 });
    const port = server.port;
    t.after(() => server.close());
    const transport = createWebSocketTransport(`ws://127.0.0.1:${port}/ws?token=${token}`, WebSocket, { retryDelaysMs: [20] });
    t.after(() => transport.close());
    const seen: number[] = [];
    transport.subscribe('timeline', (e) => seen.push((e as { publishEpoch: number }).publishEpoch));
    assert.equal((await transport.call('node.status', {})).ok, true);

    await server.close();
    assert.equal((await transport.call('node.status', {})).ok, false);
    server = await startApiServer({ service: f.service, token, port });

    // No call needed: the background attempts find it, and the subscription made before the stop is back.
    const deadline = Date.now() + 10_000;
    while (seen.length === 0) {
      assert.ok(Date.now() < deadline, 'the event never arrived after the host came back');
      f.node.events.emit('timeline', { event: 'post_proof', smesherId: SMESHER_A, publishEpoch: 9 });
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(server.connections(), 1, 'one connection, not one per attempt');
    const status = await transport.call('node.status', {});
    assert.ok(status.ok && (status.value as { identities: { smesherId: string }[] }).identities[0]!.smesherId === SMESHER_A);
  });
});
