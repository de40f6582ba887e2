/**
 * Fuzzing every wire decoder of the p2p and fetch layers with random and mutated bytes: a decoder returns a
 * value or throws a CodedError, never anything else; the request-serving path (`respond` around each fetch
 * handler) never throws and always produces a well-formed response.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type Codec, decode, encode } from '../../../core/codec/index.js';
import {
  EpochData,
  LayerData,
  LayerOpinion,
  MaliciousIDs,
  MeshHashRequest,
  MeshHashes,
  OpinionRequest,
  RequestBatch,
  ResponseBatch,
  EpochIdCodec,
  fetchHandlers,
  makeRequestBatch,
} from '../../../core/fetch/index.js';
import { respond } from '../../../core/p2p/index.js';
import { decodeResponse, encodeDataResponse, parseRequestPrefix, readUvarint } from '../../../core/p2p/frame.js';
import { decodeCookie, encodeCookie } from '../../../core/p2p/network.js';
import { CodedError } from '../../../core/util/errors.js';

const RUNS = 400;

/** Random bytes, and valid encodings with a few bytes flipped, cut or appended. */
function inputs(valid: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const mutated = fc
    .tuple(fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.nat(), fc.uint8Array({ maxLength: 8 }))
    .map(([base, flips, cut, tail]) => {
      const out = Uint8Array.from(base);
      for (const [at, value] of flips) if (out.length > 0) out[at % out.length] = value;
      const cutAt = out.length === 0 ? 0 : cut % (out.length + 1);
      return Uint8Array.from([...out.subarray(0, cutAt === 0 ? out.length : cutAt), ...tail]);
    });
  return fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated);
}

function decodesOrCodedError(what: string, run: (bytes: Uint8Array) => unknown, valid: readonly Uint8Array[]): void {
  fc.assert(
    fc.property(inputs(valid), (bytes) => {
      try {
        run(bytes);
      } catch (err) {
        assert.ok(err instanceof CodedError, `${what}: threw ${String(err)}`);
      }
    }),
    { numRuns: RUNS },
  );
}

const h32 = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const h20 = (n: number): Uint8Array => new Uint8Array(20).fill(n);

const samples: Array<[string, Codec<unknown>, unknown]> = [
  ['RequestBatch', RequestBatch, makeRequestBatch([{ hint: 'ATXDB', hash: h32(1) }, { hint: 'activeset', hash: h32(2) }])],
  ['ResponseBatch', ResponseBatch, { id: h32(3), responses: [{ hash: h32(1), data: Uint8Array.of(1, 2, 3) }] }],
  ['EpochData', EpochData, { atxIds: [h32(4), h32(5)] }],
  ['MaliciousIDs', MaliciousIDs, { nodeIds: [h32(6)] }],
  ['LayerData', LayerData, { ballots: [h20(7), h20(8)] }],
  ['OpinionRequest', OpinionRequest, { layer: 77, block: h20(9) }],
  ['LayerOpinion', LayerOpinion, { prevAggHash: h32(1), certified: null }],
  ['MeshHashRequest', MeshHashRequest, { from: 1, to: 300, step: 3 }],
  ['MeshHashes', MeshHashes, { hashes: [h32(2)] }],
];

describe('wire decoders under fuzzing', () => {
  for (const [name, codec, sample] of samples) {
    it(`${name}: a value or a CodedError`, () => {
      const valid = encode(codec, sample);
      assert.deepEqual(decode(codec, valid), sample);
      decodesOrCodedError(name, (b) => decode(codec, b), [valid]);
    });
  }

  it('response frame, request frame, uvarint, cookie: a value or a CodedError', () => {
    decodesOrCodedError('Response', (b) => decodeResponse(b, 1000), [encodeDataResponse(Uint8Array.of(1, 2)), Uint8Array.of(0, 8, 0x6e, 0x6f)]);
    decodesOrCodedError('request', (b) => parseRequestPrefix(b, 100), [Uint8Array.of(3, 1, 2, 3)]);
    decodesOrCodedError('uvarint', (b) => readUvarint(b), [Uint8Array.of(0xac, 0x02)]);
    decodesOrCodedError('cookie', (b) => decodeCookie(b), [encodeCookie(new TextEncoder().encode('ab-7'))]);
  });

  it('the serving path never throws and always answers a well-formed response', async () => {
    const deps = {
      blobs: { ATXDB: (h: Uint8Array) => (h[0] === 1 ? Uint8Array.of(1) : undefined) },
      epochAtxIds: () => [h32(1)],
      layerBallots: () => [h20(1)],
      maliciousIds: () => [h32(2)],
    };
    const handlers = fetchHandlers(deps);
    const valid = [encode(RequestBatch, makeRequestBatch([{ hint: 'ATXDB', hash: h32(1) }])), encode(EpochIdCodec, 5), Uint8Array.of(0xfd, 0x03)];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...handlers), inputs(valid), async ({ handler }, bytes) => {
        const response = await respond(handler, 'peer', bytes);
        const parsed = decodeResponse(response);
        assert.ok(parsed.error !== '' || parsed.data.length > 0 || parsed.error === '');
      }),
      { numRuns: RUNS },
    );
    // A handler that throws something that is not an Error still yields a response.
    const weird = await respond(() => {
      throw Symbol('odd') as unknown as Error;
    }, 'peer', new Uint8Array(0));
    assert.notEqual(decodeResponse(weird).error, '');
  });
});
