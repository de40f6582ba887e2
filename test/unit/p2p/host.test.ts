/**
 * The libp2p host end to end, in process, on 127.0.0.1: bootnode connection, gossip relay and message ids,
 * verdicts and scoring, own-publish, network separation, request/response limits and timeouts, peers(), the
 * test gate.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blake3 } from '../../../core/crypto/hash.js';
import { P2PError, TOPIC_ATX, TOPIC_PROPOSAL, createTestGate } from '../../../core/p2p/index.js';
import { bytesToHex, utf8 } from '../../../core/util/bytes.js';
import { CodedError } from '../../../core/util/errors.js';
import { accept, reject } from '../../../core/util/verdict.js';
import { GENESIS_B, events, sleep, startHost, waitFor } from './helpers.js';

const bad = new CodedError('BAD_MESSAGE', 'the test says so');

describe('p2p host', () => {
  it('connects through a bootnode, logs the events and lists the peer', async (t) => {
    const a = await startHost(t);
    const b = await startHost(t, { bootnodes: a.host.addrs() });
    await waitFor('connection', () => a.host.connectedPeers().includes(b.host.peerId));
    const listening = events(a.logs, 'p2p_listening')[0]!;
    assert.equal(listening.peerId, a.host.peerId);
    assert.ok((listening.addrs as string[]).every((x) => x.startsWith('/ip4/127.0.0.1/tcp/') && x.endsWith(`/p2p/${a.host.peerId}`)));
    await waitFor('peer_connected on both', () => events(a.logs, 'peer_connected').length > 0 && events(b.logs, 'peer_connected').length > 0);
    assert.equal(events(b.logs, 'peer_connected')[0]!.reason, 'bootnode');
    await waitFor('a ping', () => b.host.peers()[0]?.latencyMs != null);
    const [peer] = b.host.peers();
    assert.equal(peer!.peerId, a.host.peerId);
    assert.equal(peer!.direction, 'outbound');
    assert.match(peer!.address, /^\/ip4\/127\.0\.0\.1\/tcp\/\d+/);
    // A bootnode carries go's app-specific bonus.
    assert.ok(peer!.score >= 10_000, `score ${peer!.score}`);
    assert.equal(a.host.peers()[0]!.direction, 'inbound');
  });

  it('re-dials a bootnode that went away, with backoff', async (t) => {
    const a = await startHost(t);
    const b = await startHost(t, { bootnodes: a.host.addrs() });
    await waitFor('connection', () => a.host.connectedPeers().includes(b.host.peerId));
    await a.host.hangUp(b.host.peerId, 'test');
    await waitFor('disconnect logged', () => events(b.logs, 'peer_disconnected').length === 1);
    assert.ok(events(a.logs, 'peer_disconnected').some((e) => e.reason === 'test'));
    await waitFor('reconnection', () => b.host.connectedPeers().includes(a.host.peerId) && events(b.logs, 'peer_connected').length === 2);
  });

  it('relays gossip A -> B -> C with message id blake3(topic || data)', async (t) => {
    // A and C refuse each other, so C can only hear A through B.
    const gateA = createTestGate();
    const gateC = createTestGate();
    const b = await startHost(t);
    const a = await startHost(t, { bootnodes: b.host.addrs(), testGate: gateA });
    const c = await startHost(t, { bootnodes: b.host.addrs(), testGate: gateC });
    gateA.denied.add(c.host.peerId);
    gateC.denied.add(a.host.peerId);
    const received: Record<string, Array<{ from: string; data: string }>> = { a: [], b: [], c: [] };
    for (const [name, h] of [['a', a], ['b', b], ['c', c]] as const) {
      h.host.subscribe(TOPIC_ATX, (from, data) => {
        received[name]!.push({ from, data: Buffer.from(data).toString() });
        return accept();
      });
    }
    await waitFor('b connected to both', () => b.host.connectedPeers().length === 2);
    assert.ok(!a.host.connectedPeers().includes(c.host.peerId));
    await sleep(1_500); // meshes form on the gossipsub heartbeat (1 s)
    const data = utf8('an ATX, say');
    const result = await a.host.publish(TOPIC_ATX, data);
    assert.equal(result.messageId, bytesToHex(blake3(utf8(TOPIC_ATX), data)));
    assert.equal(result.verdict, 'accept');
    await waitFor('delivery at C', () => received.c!.length === 1);
    assert.deepEqual(received.a, [{ from: a.host.peerId, data: 'an ATX, say' }]);
    assert.deepEqual(received.b, [{ from: a.host.peerId, data: 'an ATX, say' }]);
    assert.deepEqual(received.c, [{ from: b.host.peerId, data: 'an ATX, say' }]);
    await sleep(300);
    assert.equal(received.c.length, 1, 'delivered once');
  });

  it('publishes on a lone node; runs its own handler first and sends nothing it rejects', async (t) => {
    const a = await startHost(t);
    const seen: string[] = [];
    a.host.subscribe(TOPIC_PROPOSAL, (from, data) => {
      seen.push(Buffer.from(data).toString());
      return data[0] === 0x21 ? reject(bad) : accept();
    });
    const alone = await a.host.publish(TOPIC_PROPOSAL, utf8('fine'));
    assert.equal(alone.recipients, 0);
    assert.deepEqual(seen, ['fine']);

    const b = await startHost(t, { bootnodes: a.host.addrs() });
    const atB: string[] = [];
    b.host.subscribe(TOPIC_PROPOSAL, (_from, data) => {
      atB.push(Buffer.from(data).toString());
      return accept();
    });
    await waitFor('connection', () => a.host.connectedPeers().length === 1);
    await sleep(1_500);
    await assert.rejects(a.host.publish(TOPIC_PROPOSAL, utf8('!bad')), (err: unknown) => err instanceof P2PError && err.code === 'OWN_MESSAGE_REJECTED');
    const ok = await a.host.publish(TOPIC_PROPOSAL, utf8('good'));
    assert.equal(ok.recipients, 1);
    await waitFor('good at B', () => atB.includes('good'));
    await sleep(300);
    assert.deepEqual(atB, ['good'], 'the rejected message never left A');
    await assert.rejects(a.host.publish('zz9', utf8('x')), (err: unknown) => err instanceof P2PError && err.code === 'BAD_TOPIC');
    await assert.rejects(a.host.publish(TOPIC_PROPOSAL, new Uint8Array(2 << 20)), (err: unknown) => err instanceof P2PError && err.code === 'TOO_LARGE');
  });

  it('lowers the score of a peer whose messages are rejected, then disconnects and bans it', async (t) => {
    const victim = await startHost(t);
    const offender = await startHost(t, { bootnodes: victim.host.addrs() });
    victim.host.subscribe(TOPIC_ATX, (_from, data) => (data[0] === 0xff ? reject(bad) : accept()));
    offender.host.subscribe(TOPIC_ATX, () => accept());
    await waitFor('connection', () => victim.host.connectedPeers().includes(offender.host.peerId));
    await sleep(1_500);
    const before = victim.host.score(offender.host.peerId);
    await offender.host.publish(TOPIC_ATX, Uint8Array.of(0xff, 0));
    await waitFor('score drop', () => victim.host.score(offender.host.peerId) < before - 50);
    const rejected = victim.logs.filter((l) => l.msg === 'gossip rejected');
    assert.equal(rejected[0]!.code, 'BAD_MESSAGE');
    assert.equal(rejected[0]!.peerId, offender.host.peerId);
    let n = 1;
    await waitFor(
      'disconnection',
      async () => {
        if (!victim.host.connectedPeers().includes(offender.host.peerId)) return true;
        await offender.host.publish(TOPIC_ATX, Uint8Array.of(0xff, n++)).catch(() => undefined);
        return false;
      },
      20_000,
    );
    await waitFor('log line', () => events(victim.logs, 'peer_disconnected').some((e) => /^score -\d+ below -2500/.test(String(e.reason))));
    // The offender keeps re-dialling its bootnode; the ban refuses it.
    await sleep(1_500);
    assert.ok(!victim.host.connectedPeers().includes(offender.host.peerId), 'banned peer is not re-accepted');
  });

  it('never connects or gossips with a node of another network, and logs why', async (t) => {
    const a = await startHost(t);
    const other = await startHost(t, { genesisId: GENESIS_B, bootnodes: a.host.addrs() });
    const atA: string[] = [];
    a.host.subscribe(TOPIC_ATX, (_f, d) => {
      atA.push(Buffer.from(d).toString());
      return accept();
    });
    other.host.subscribe(TOPIC_ATX, () => accept());
    await waitFor('refusal logged on both sides', () =>
      events(a.logs, 'peer_disconnected').some((e) => String(e.reason).startsWith('wrong network (cookie ')) &&
      events(other.logs, 'peer_disconnected').some((e) => String(e.reason).startsWith('wrong network (cookie ')),
    );
    const line = events(other.logs, 'peer_disconnected').find((e) => String(e.reason).startsWith('wrong network'))!;
    assert.equal(line.peerId, a.host.peerId);
    assert.ok(String(line.reason).includes(a.host.networkId) && String(line.reason).includes(other.host.networkId));
    await other.host.publish(TOPIC_ATX, utf8('from elsewhere'));
    await sleep(500);
    assert.deepEqual(atA, []);
    assert.deepEqual(a.host.connectedPeers(), []);
    assert.deepEqual(other.host.connectedPeers(), []);
    assert.equal(events(a.logs, 'peer_connected').length, 0);
  });

  it('the test gate partitions: denied peers are refused both ways', async (t) => {
    const gate = createTestGate();
    gate.denyAll = true;
    const a = await startHost(t, { testGate: gate });
    const b = await startHost(t, { bootnodes: a.host.addrs() });
    await sleep(800);
    assert.deepEqual(a.host.connectedPeers(), []);
    gate.denyAll = false;
    await waitFor('healed', () => a.host.connectedPeers().includes(b.host.peerId));
    gate.denied.add(b.host.peerId);
    await a.host.hangUp(b.host.peerId, 'partition');
    await sleep(800);
    assert.deepEqual(a.host.connectedPeers(), []);
    await assert.rejects(a.host.dial(b.host.addrs()[0]!));
  });
});

describe('p2p request/response', () => {
  it('round-trips, refuses oversize requests and responses, times out on a silent peer', async (t) => {
    const server = await startHost(t);
    const client = await startHost(t, { bootnodes: server.host.addrs() });
    await server.host.serve('echo/1', (peer, request) => Uint8Array.from([...utf8(peer.slice(0, 4)), ...request]));
    await server.host.serve('big/1', () => new Uint8Array(100_000));
    await server.host.serve('fail/1', () => {
      throw new CodedError('NOPE', 'not today');
    });
    await server.host.serve('silent/1', () => new Promise<Uint8Array>(() => undefined));
    await server.host.serve('small/1', (_p, r) => r, { maxRequestBytes: 16 });
    await waitFor('connection', () => client.host.connectedPeers().length === 1);
    const peer = server.host.peerId;

    const echoed = await client.host.request(peer, 'echo/1', utf8('hello'));
    assert.equal(Buffer.from(echoed).toString(), `${client.host.peerId.slice(0, 4)}hello`);
    const empty = await client.host.request(peer, 'echo/1', new Uint8Array(0));
    assert.equal(empty.length, 4);

    await assert.rejects(client.host.request(peer, 'fail/1', utf8('x')), (err: unknown) => err instanceof P2PError && err.code === 'PEER_ERROR' && /NOPE: not today/.test(err.message));
    await assert.rejects(client.host.request(peer, 'big/1', utf8('x'), { maxResponseBytes: 1000 }), (err: unknown) => err instanceof P2PError && err.code === 'TOO_LARGE');
    assert.equal((await client.host.request(peer, 'big/1', utf8('x'))).length, 100_000);
    await assert.rejects(client.host.request(peer, 'echo/1', new Uint8Array(20_000)), (err: unknown) => err instanceof P2PError && err.code === 'TOO_LARGE');
    const started = Date.now();
    await assert.rejects(client.host.request(peer, 'silent/1', utf8('x'), { timeoutMs: 300 }), (err: unknown) => err instanceof P2PError && err.code === 'TIMEOUT');
    assert.ok(Date.now() - started < 2_000);
    await assert.rejects(client.host.request(peer, 'nothing/1', utf8('x')), (err: unknown) => err instanceof P2PError && err.code === 'STREAM_FAILED');
    await assert.rejects(client.host.request('12D3KooWJSgQUb3jmH5GcP8DnKebLVVEQN79Y9jPQSHWg7kCNity', 'echo/1', utf8('x')), (err: unknown) => err instanceof P2PError && err.code === 'NOT_CONNECTED');

    // A request over the server's cap (sent by a client that allows more) is refused and the connection closed.
    await assert.rejects(client.host.request(peer, 'small/1', new Uint8Array(17), { maxRequestBytes: 1000 }));
    await waitFor('oversize logged', () => server.logs.some((l) => l.msg === 'request refused: over the size limit'));
    assert.ok(events(server.logs, 'peer_disconnected').some((e) => e.reason === 'oversize small/1 request'));
  });

  it('answers "busy" past the per-peer concurrency limit', async (t) => {
    const server = await startHost(t);
    const client = await startHost(t, { bootnodes: server.host.addrs() });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await server.host.serve('slow/1', async () => {
      await gate;
      return utf8('done');
    }, { maxPerPeer: 2 });
    await waitFor('connection', () => client.host.connectedPeers().length === 1);
    const first = [client.host.request(server.host.peerId, 'slow/1', utf8('1')), client.host.request(server.host.peerId, 'slow/1', utf8('2'))];
    await sleep(200);
    await assert.rejects(client.host.request(server.host.peerId, 'slow/1', utf8('3')), (err: unknown) => err instanceof P2PError && err.code === 'PEER_ERROR' && /BUSY/.test(err.message));
    release();
    assert.deepEqual((await Promise.all(first)).map((r) => Buffer.from(r).toString()), ['done', 'done']);
  });
});
