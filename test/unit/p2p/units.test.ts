/**
 * The host's pure parts and its key file: the Promise.withResolvers polyfill and its load order, the network id
 * and cookie frame, request/response framing, the persistent peer key, penalty decay and bans.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { P2PError, PEER_KEY_FILE, loadOrCreatePeerKey, networkId } from '../../../core/p2p/index.js';
import { decodeResponse, encodeDataResponse, encodeErrorResponse, encodeRequest, encodeUvarint, parseRequestPrefix, readUvarint } from '../../../core/p2p/frame.js';
import { COOKIE_PREFIX, decodeCookie, encodeCookie } from '../../../core/p2p/network.js';
import { PeerScoring } from '../../../core/p2p/scoring.js';
import { utf8 } from '../../../core/util/bytes.js';

describe('Promise.withResolvers polyfill', () => {
  it('is in place once the p2p module is loaded, and works', async () => {
    await import('../../../core/p2p/polyfill.js');
    // ES2023 lib types (the project's target) do not declare it; the runtime has it now.
    const withResolvers = Reflect.get(Promise, 'withResolvers') as (this: PromiseConstructor) => { promise: Promise<number>; resolve: (v: number) => void };
    const { promise, resolve } = withResolvers.call(Promise);
    resolve(7);
    assert.equal(await promise, 7);
  });

  it('is installed before libp2p loads, in a fresh process, whatever imports the host', () => {
    // A fresh Node 20 process: libp2p must not be evaluated before the polyfill (the host loads it lazily).
    const script = `
      const had = typeof Promise.withResolvers;
      const p2p = await import('./core/p2p/index.ts');
      const after = typeof Promise.withResolvers;
      console.log(JSON.stringify({ had, after, hasCreate: typeof p2p.createP2PHost }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: join(import.meta.dirname, '../../..'), encoding: 'utf8' });
    const result = JSON.parse(out.trim().split('\n').pop()!) as { had: string; after: string; hasCreate: string };
    assert.equal(result.after, 'function');
    assert.equal(result.hasCreate, 'function');
    if (Number(process.versions.node.split('.')[0]) < 22) assert.equal(result.had, 'undefined', 'Node 20 lacks it natively');
  });
});

describe('network id and cookie', () => {
  it('formats hex(GenesisID)-layer as go does', () => {
    assert.equal(networkId(new Uint8Array(20).fill(0xab), 7), `${'ab'.repeat(20)}-7`);
    assert.throws(() => networkId(new Uint8Array(20), -1), (e: unknown) => e instanceof P2PError && e.code === 'BAD_CONFIG');
  });

  it('frames the cookie with go prefix and length, and parses it incrementally', () => {
    const cookie = utf8(`${'ab'.repeat(20)}-7`);
    const frame = encodeCookie(cookie);
    assert.deepEqual([...frame.subarray(0, 5)], [...COOKIE_PREFIX, cookie.length]);
    for (let i = 0; i < frame.length; i++) assert.equal(decodeCookie(frame.subarray(0, i)), undefined);
    const withTail = Uint8Array.from([...frame, 1, 2, 3]);
    const parsed = decodeCookie(withTail)!;
    assert.deepEqual(parsed.cookie, cookie);
    assert.equal(parsed.length, frame.length);
    assert.throws(() => decodeCookie(Uint8Array.of(0x13)), (e: unknown) => e instanceof P2PError && e.code === 'BAD_FRAME');
    assert.throws(() => decodeCookie(Uint8Array.of(...COOKIE_PREFIX, 65)), (e: unknown) => e instanceof P2PError && e.code === 'BAD_FRAME');
    assert.throws(() => encodeCookie(new Uint8Array(65)), (e: unknown) => e instanceof P2PError);
  });
});

describe('request/response framing', () => {
  it('uvarints: round trip, minimal form only', () => {
    for (const v of [0, 1, 127, 128, 300, 16383, 16384, 2 ** 32, Number.MAX_SAFE_INTEGER]) {
      const enc = encodeUvarint(v);
      assert.deepEqual(readUvarint(enc), { value: v, length: enc.length });
      assert.equal(readUvarint(enc.subarray(0, enc.length - 1)), undefined);
    }
    assert.deepEqual([...encodeUvarint(300)], [0xac, 0x02]);
    assert.throws(() => readUvarint(Uint8Array.of(0x80, 0x00)), (e: unknown) => e instanceof P2PError && e.code === 'BAD_FRAME');
    assert.throws(() => readUvarint(new Uint8Array(10).fill(0xff)), (e: unknown) => e instanceof P2PError && e.code === 'BAD_FRAME');
  });

  it('requests: length-prefixed; the cap is checked from the header alone', () => {
    const frame = encodeRequest(utf8('abc'));
    assert.deepEqual([...frame], [3, 0x61, 0x62, 0x63]);
    assert.deepEqual(parseRequestPrefix(frame, 10), utf8('abc'));
    assert.equal(parseRequestPrefix(frame.subarray(0, 2), 10), undefined);
    assert.throws(() => parseRequestPrefix(encodeUvarint(11), 10), (e: unknown) => e instanceof P2PError && e.code === 'TOO_LARGE');
  });

  it('responses: SCALE {Data, Error<=1024}', () => {
    assert.deepEqual([...encodeDataResponse(Uint8Array.of(9, 9))], [2 << 2, 9, 9, 0]);
    assert.deepEqual(decodeResponse(encodeDataResponse(Uint8Array.of(9, 9))), { data: Uint8Array.of(9, 9), error: '' });
    const long = decodeResponse(encodeErrorResponse('é'.repeat(2000)));
    assert.ok(Buffer.byteLength(long.error) <= 1024 && long.error.startsWith('éé'));
    assert.equal(decodeResponse(encodeErrorResponse('')).error, 'error');
  });
});

describe('peer key', () => {
  it('is created once (0600, go format), reloaded as the same identity, and a corrupt file is an error', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'smesher-key-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const first = await loadOrCreatePeerKey(join(dir, 'net'));
    assert.equal(first.created, true);
    const path = join(dir, 'net', PEER_KEY_FILE);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const json = JSON.parse(readFileSync(path, 'utf8')) as { Key: string; ID: string };
    assert.equal(json.ID, first.peerId);
    const again = await loadOrCreatePeerKey(join(dir, 'net'));
    assert.equal(again.created, false);
    assert.equal(again.peerId, first.peerId);

    for (const corrupt of ['', 'not json', '{}', '{"Key":"AAAA"}', JSON.stringify({ Key: json.Key, ID: '12D3KooWJSgQUb3jmH5GcP8DnKebLVVEQN79Y9jPQSHWg7kCNity' })]) {
      writeFileSync(path, corrupt);
      await assert.rejects(loadOrCreatePeerKey(join(dir, 'net')), (e: unknown) => e instanceof P2PError && e.code === 'BAD_PEER_KEY' && e.message.includes(path));
      assert.equal(readFileSync(path, 'utf8'), corrupt, 'the file is left for the user to look at');
    }
  });
});

describe('peer scoring', () => {
  it('penalties decay to 1% over an hour; bans expire; bootnodes get go bonus', () => {
    let now = 0;
    const s = new PeerScoring({ now: () => now });
    s.penalize('p', 1000);
    assert.equal(s.appScore('p'), -1000);
    now = 3_600_000;
    assert.ok(Math.abs(s.appScore('p') + 10) < 0.01);
    s.addBootnode('b');
    assert.equal(s.appScore('b'), 10_000);
    assert.equal(new PeerScoring({ isBootnode: true }).appScore('b'), 0);
    s.ban('x', 1000);
    assert.ok(s.isBanned('x'));
    now += 1001;
    assert.ok(!s.isBanned('x'));
  });
});
