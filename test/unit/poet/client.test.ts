/**
 * The PoET client against real local HTTP servers on 127.0.0.1: retries with exponential backoff on 5xx, 429 and
 * dead ports, no retry on a refusal, timeouts; and picking the best of several PoETs' proofs.
 * @module
 */
import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { PoetClient } from '../../../core/poet/client.js';
import { membershipRoot } from '../../../core/poet/membership.js';
import { fetchBestProof } from '../../../core/poet/nipost.js';
import { buildPoswProof } from '../../../core/poet/proof.js';
import { infoJson, proofJson } from '../../../core/poet/rest.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { type Clock, FakeClock } from '../../../core/util/clock.js';
import { filled, growPoswTree } from './helpers.js';

/** A clock whose sleeps return at once, moving time forward and recording each wait. */
class RecordingClock implements Clock {
  readonly waits: number[] = [];
  private time = 5_000_000;
  now(): number {
    return this.time;
  }
  sleepUntil(timeMs: number): Promise<void> {
    this.waits.push(timeMs - this.time);
    this.time = Math.max(this.time, timeMs);
    return Promise.resolve();
  }
}

type Handler = (path: string, hit: number) => { status: number; body: unknown } | 'hang';

async function serve(handler: Handler): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    const answer = handler(req.url ?? '/', hits++);
    if (answer === 'hang') return;
    const text = JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const INFO = infoJson({ servicePubkey: filled(7), phaseShiftMs: 30_000, cycleGapMs: 30_000, openRound: 0 });

describe('PoetClient', () => {
  it('retries 503 and 429 with doubling delays, then succeeds', async (t) => {
    const server = await serve((_path, hit) => (hit === 0 ? { status: 503, body: {} } : hit === 1 ? { status: 429, body: {} } : { status: 200, body: INFO }));
    t.after(server.close);
    const clock = new RecordingClock();
    const client = new PoetClient({ url: server.url, clock, retries: 3, retryDelayMs: 100 });
    const info = await client.info();
    assert.equal(info.phaseShiftMs, 30_000);
    assert.equal(server.hits(), 3);
    assert.deepEqual(clock.waits, [100, 200]);
  });

  it('gives up as UNAVAILABLE after the retries, with capped backoff', async (t) => {
    const server = await serve(() => ({ status: 500, body: { code: 'INTERNAL', message: 'boom' } }));
    t.after(server.close);
    const clock = new RecordingClock();
    const client = new PoetClient({ url: server.url, clock, retries: 4, retryDelayMs: 100, maxRetryDelayMs: 300 });
    await assert.rejects(client.info(), (err: Error & { code?: string }) => err.code === 'UNAVAILABLE');
    assert.equal(server.hits(), 5);
    assert.deepEqual(clock.waits, [100, 200, 300, 300]);
  });

  it('does not retry a refusal and keeps the server’s code', async (t) => {
    const server = await serve(() => ({ status: 409, body: { code: 'ALREADY_REGISTERED', message: 'taken' } }));
    t.after(server.close);
    const client = new PoetClient({ url: server.url, clock: new RecordingClock(), retries: 3, retryDelayMs: 100 });
    const sub = { challenge: filled(1), nodeId: filled(2), prefix: new Uint8Array(), signature: filled(3, 64) };
    await assert.rejects(client.submit(sub), (err: Error & { code?: string }) => err.code === 'ALREADY_REGISTERED' && /taken/.test(err.message));
    assert.equal(server.hits(), 1);
  });

  it('retries a dead port and a request that times out', async (t) => {
    const dead = await serve(() => ({ status: 200, body: INFO }));
    await dead.close();
    const clock = new RecordingClock();
    const client = new PoetClient({ url: dead.url, clock, retries: 2, retryDelayMs: 10 });
    await assert.rejects(client.info(), (err: Error & { code?: string }) => err.code === 'UNAVAILABLE');
    assert.deepEqual(clock.waits, [10, 20]);

    const slow = await serve((_p, hit) => (hit === 0 ? 'hang' : { status: 200, body: INFO }));
    t.after(slow.close);
    const patient = new PoetClient({ url: slow.url, clock: new RecordingClock(), retries: 1, retryDelayMs: 10, timeoutMs: 500 });
    assert.equal((await patient.info()).cycleGapMs, 30_000);
    assert.equal(slow.hits(), 2);
  });

  it('refuses an oversized or non-JSON answer without retrying', async (t) => {
    const huge = await serve(() => ({ status: 200, body: { junk: 'x'.repeat(33 * 1024 * 1024) } }));
    t.after(huge.close);
    const client = new PoetClient({ url: huge.url, clock: new RecordingClock(), retries: 3, retryDelayMs: 10 });
    await assert.rejects(client.info(), (err: Error & { code?: string }) => err.code === 'BAD_RESPONSE' && /over/.test(err.message));
    assert.equal(huge.hits(), 1);
    const garbled = await serve(() => ({ status: 200, body: { servicePubkey: 42 } }));
    t.after(garbled.close);
    await assert.rejects(new PoetClient({ url: garbled.url, clock: new RecordingClock() }).info(), /servicePubkey: expected base64/);
  });

  it('answers undefined for a proof the PoET does not have yet', async (t) => {
    const server = await serve(() => ({ status: 404, body: { code: 'NOT_FOUND', message: 'no proof' } }));
    t.after(server.close);
    assert.equal(await new PoetClient({ url: server.url, clock: new RecordingClock() }).proof(3), undefined);
  });
});

describe('best proof of several PoETs', () => {
  it('keeps the verifying proof with the most leaves and says why others were dropped', async (t) => {
    const members = [filled(0x11), filled(0x22), filled(0x33)];
    const statement = membershipRoot(members);
    const small = buildPoswProof(growPoswTree(statement, 160));
    const large = buildPoswProof(growPoswTree(statement, 260));
    const forged = { ...large, leafCount: 900 };
    const respond = (proof: typeof small) => proofJson({ round: 4, statement, proof, members }, filled(7));
    const servers = await Promise.all([
      serve(() => ({ status: 200, body: respond(small) })),
      serve(() => ({ status: 200, body: respond(large) })),
      serve(() => ({ status: 200, body: respond(forged) })),
      // Not ready at first, then serves: the client polls.
      serve((_p, hit) => (hit < 2 ? { status: 404, body: { code: 'NOT_FOUND', message: 'not yet' } } : { status: 200, body: respond(small) })),
    ]);
    for (const s of servers) t.after(s.close);
    const clock = new FakeClock(0);
    const registrations = servers.map((s) => ({ client: new PoetClient({ url: s.url, clock, retries: 0 }), round: 4 }));
    const pending = fetchBestProof(registrations, filled(0x22), { clock, pollMs: 1_000, untilMs: 60_000 });
    // Step the fake clock until the polling PoET has answered.
    while (servers[3].hits() < 3) {
      await clock.advance(1_000);
      await new Promise((r) => setTimeout(r, 5));
    }
    const { best, failures } = await pending;
    assert.equal(best.poet, servers[1].url);
    assert.equal(best.proof.leafCount, 260);
    assert.equal(best.membership.leafIndex, 1);
    assert.equal(bytesToHex(best.statement), bytesToHex(statement));
    assert.equal(failures.length, 1);
    assert.equal(failures[0]!.poet, servers[2].url);
    assert.match(failures[0]!.reason, /invalid PoET proof/);
  });
});
