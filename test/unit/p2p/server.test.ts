/**
 * The request server's verdict on a request that never became whole (core/p2p/server.ts): a stream that ends inside
 * the frame (the peer was killed or restarted mid-request) costs the peer nothing, while a malformed length or an
 * oversize request lowers its score (and oversize hangs up). Fake streams, so the bytes are exactly the test's.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection, Stream } from '@libp2p/interface';
import { BAD_REQUEST_PENALTY, type ServerHost, serve } from '../../../core/p2p/server.js';
import { createLogger } from '../../../core/util/logger.js';

const PEER = '12D3KooWpeer';

/** A stream that delivers `chunks`, then ends (or fails with `failWith`), and records what the server did to it. */
function fakeStream(chunks: readonly number[][], failWith?: Error) {
  const sent: Uint8Array[] = [];
  const state = { aborted: null as Error | null, closed: false };
  const stream = {
    async *[Symbol.asyncIterator]() {
      for (const c of chunks) yield await Promise.resolve(Uint8Array.from(c));
      if (failWith !== undefined) throw failWith;
    },
    send(bytes: Uint8Array) {
      sent.push(bytes);
      return true;
    },
    onDrain: () => Promise.resolve(),
    close() {
      state.closed = true;
      return Promise.resolve();
    },
    abort(err: Error) {
      state.aborted = err;
    },
  };
  return { stream: stream as unknown as Stream, sent, state };
}

async function server() {
  const penalties: Array<{ peer: string; amount: number; reason: string }> = [];
  const hungUp: string[] = [];
  const lines: Array<{ level: string; msg: string }> = [];
  let onStream!: (stream: Stream, connection: Connection) => void | Promise<void>;
  const host: ServerHost = {
    handle: (_protocol, handler) => {
      onStream = handler;
      return Promise.resolve();
    },
    penalize: (peer, amount, reason) => void penalties.push({ peer, amount, reason }),
    hangUp: (peer) => {
      hungUp.push(peer);
      return Promise.resolve();
    },
  };
  const logger = createLogger({ format: 'json', level: 'debug', sink: { write: (line) => lines.push(JSON.parse(line) as { level: string; msg: string }) } });
  await serve(host, 'ax/1', (_peer, request) => request, { maxRequestBytes: 64 }, logger);
  const connection = { remotePeer: { toString: () => PEER } } as unknown as Connection;
  return { penalties, hungUp, lines, request: (s: Stream) => onStream(s, connection) };
}

describe('request server', () => {
  it('answers a whole request', async () => {
    const s = await server();
    const f = fakeStream([[3, 1], [2, 3]]);
    await s.request(f.stream);
    assert.equal(f.state.closed, true);
    assert.equal(f.sent.length, 1);
    assert.deepEqual(s.penalties, []);
  });

  it('costs nothing when the stream ends or fails inside the request: the peer went away', async () => {
    for (const f of [fakeStream([[10, 1, 2, 3]]), fakeStream([[10, 1]], new Error('stream reset')), fakeStream([])]) {
      const s = await server();
      await s.request(f.stream);
      assert.ok(f.state.aborted !== null, 'the stream is aborted');
      assert.deepEqual(s.penalties, [], 'no penalty');
      assert.deepEqual(s.hungUp, []);
      assert.deepEqual(s.lines.filter((l) => l.level === 'warn'), [], 'nothing to warn about');
      assert.ok(s.lines.some((l) => l.msg === 'request stream ended before the request was whole'));
    }
  });

  it('penalizes a malformed length, and an oversize request with a hang-up', async () => {
    const malformed = await server();
    await malformed.request(fakeStream([[0x80, 0x00, 1]]).stream);
    assert.deepEqual(malformed.penalties, [{ peer: PEER, amount: BAD_REQUEST_PENALTY, reason: 'bad ax/1 request' }]);
    assert.deepEqual(malformed.hungUp, []);
    assert.ok(malformed.lines.some((l) => l.level === 'warn' && l.msg === 'request refused: malformed'));

    const oversize = await server();
    await oversize.request(fakeStream([[65]]).stream);
    assert.deepEqual(oversize.penalties.map((p) => p.amount), [BAD_REQUEST_PENALTY]);
    assert.deepEqual(oversize.hungUp, [PEER]);
    assert.ok(oversize.lines.some((l) => l.level === 'warn' && l.msg === 'request refused: over the size limit'));
  });
});
