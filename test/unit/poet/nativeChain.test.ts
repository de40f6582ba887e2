/**
 * The PoET's label chain on every path this machine has (node:crypto one call per link, the native addon's plain C
 * compression, and its SHA-extension compression where the CPU has them): each bit for bit against the vectors
 * (poet-hash.json, poet-posw.json), against an independent createHash chain on random inputs (every padding edge),
 * and against each other through the work loop and proof verification. The loader: its fallback to node:crypto
 * (SMESHER_NATIVE_SHA=0, no addon, a file that is not one) and, on x86-64 Linux, that the addon is built.
 * @module
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LABEL_HASH_NESTING_DEPTH, LabelHasher, labelHash, labelInput, merkleNodeHash } from '../../../core/poet/hash.js';
import { type NativeChain, loadNativeChains, nativeChain, nativeChains } from '../../../core/poet/nativeChain.js';
import { buildPoswProof } from '../../../core/poet/proof.js';
import { MerkleTree } from '../../../core/poet/tree.js';
import { verifyPoswProof } from '../../../core/poet/verify.js';
import { runSequentialWork } from '../../../core/poet/work.js';
import { bytesToHex, hexToBytes, utf8 } from '../../../core/util/bytes.js';
import { filled, tempDir } from './helpers.js';

const VECTORS = join(import.meta.dirname, '..', '..', 'vectors');
const hashVectors = (JSON.parse(readFileSync(join(VECTORS, 'poet-hash.json'), 'utf8')) as {
  vectors: { kind: string; statementAscii?: string; dataAscii?: string; expected: string }[];
}).vectors.filter((v) => v.kind === 'label');
const poswVectors = (JSON.parse(readFileSync(join(VECTORS, 'poet-posw.json'), 'utf8')) as {
  vectors: { statement: string; leafCount: number; root: string }[];
}).vectors;

/** Every label path here: node:crypto, then each native chain the addon offers on this CPU. */
const PATHS: readonly [string, NativeChain | null][] = [['node:crypto', null], ...nativeChains().map((c): [string, NativeChain] => [c.kind, c])];

/** sha256^n(input) with createHash: shares no code with either path. */
function referenceChain(input: Uint8Array, n: number): Uint8Array {
  let digest = createHash('sha256').update(input).digest();
  for (let i = 1; i < n; i++) digest = createHash('sha256').update(digest).digest();
  return new Uint8Array(digest);
}

function grow(statement: Uint8Array, leaves: number, native: NativeChain | null): MerkleTree {
  const tree = new MerkleTree(merkleNodeHash(statement));
  const labels = new LabelHasher(statement, native);
  for (let i = 0; i < leaves; i++) tree.addLeaf(labels.label(i, tree.parkedNodes));
  return tree;
}

for (const [name, native] of PATHS) {
  describe(`PoET label chain (${name})`, () => {
    it('gives the vectors’ labels (poet-hash.json)', () => {
      assert.ok(hashVectors.length > 0);
      for (const v of hashVectors) assert.equal(bytesToHex(labelHash(utf8(v.statementAscii!), utf8(v.dataAscii!), native)), v.expected);
    });

    it('grows the vectors’ PoSW trees (poet-posw.json)', () => {
      for (const v of poswVectors) {
        const statement = hexToBytes(v.statement);
        assert.equal(new LabelHasher(statement, native).path, name);
        assert.equal(bytesToHex(grow(statement, v.leafCount, native).root()), v.root);
      }
    });

    it('matches a createHash chain on random statements and parked nodes', () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 80 }),
          fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
          fc.array(fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 }), { nil: null }), { maxLength: 54 }),
          (statement, index, parked) => {
            const input = labelInput(index, parked);
            const expected = referenceChain(new Uint8Array([...statement, ...input]), LABEL_HASH_NESTING_DEPTH);
            assert.deepEqual(new Uint8Array(new LabelHasher(statement, native).label(index, parked)), expected);
            assert.deepEqual(labelHash(statement, input, native), expected);
          },
        ),
        { numRuns: 40, seed: 1919 },
      );
    });

    if (native !== null) {
      it('hashes every input length across the padding edges, for short and long chains', () => {
        for (let length = 0; length <= 200; length++) {
          const input = randomBytes(length);
          for (const n of [1, 2, 3, 17]) {
            const out = new Uint8Array(32);
            native.chain(input, n, out);
            assert.deepEqual(out, referenceChain(input, n), `length ${length}, ${n} links`);
          }
        }
        const long = randomBytes(5000);
        const out = new Uint8Array(40).fill(0xee);
        native.chain(long, 400, out);
        assert.deepEqual(out.subarray(0, 32), referenceChain(long, 400));
        assert.deepEqual(out.subarray(32), new Uint8Array(8).fill(0xee), 'nothing written past 32 bytes');
      });

      it('may write its digest over its own input', () => {
        const input = new Uint8Array(randomBytes(64));
        const expected = referenceChain(input, 5);
        native.chain(input, 5, input);
        assert.deepEqual(input.subarray(0, 32), expected);
      });
    }
  });
}

describe('PoET label paths together', () => {
  it('the work loop and verification agree on every path', async () => {
    const statement = filled(0x3c);
    const roots = new Set<string>();
    for (const [, native] of PATHS) {
      const tree = new MerkleTree(merkleNodeHash(statement));
      await runSequentialWork({ tree, statement, native, isOver: () => true, minLeaves: 300, sliceLeaves: 20 });
      assert.equal(tree.leafCount, 300);
      roots.add(bytesToHex(tree.root()));
      const proof = buildPoswProof(tree);
      for (const [, checker] of PATHS) verifyPoswProof(proof, statement, undefined, checker);
    }
    assert.equal(roots.size, 1, 'one root for every path');
  });
});

describe('native chain loader', () => {
  it('SMESHER_NATIVE_SHA=0 keeps node:crypto, =c the plain C chain', () => {
    const before = process.env.SMESHER_NATIVE_SHA;
    try {
      process.env.SMESHER_NATIVE_SHA = '0';
      assert.equal(nativeChain(), undefined);
      assert.equal(new LabelHasher(filled(1)).path, 'node:crypto');
      process.env.SMESHER_NATIVE_SHA = 'c';
      assert.equal(nativeChain()?.kind, nativeChains().length > 0 ? 'c' : undefined);
      delete process.env.SMESHER_NATIVE_SHA;
      assert.equal(nativeChain(), nativeChains()[0]);
      assert.equal(new LabelHasher(filled(1)).path, nativeChains()[0]?.kind ?? 'node:crypto');
    } finally {
      if (before === undefined) delete process.env.SMESHER_NATIVE_SHA;
      else process.env.SMESHER_NATIVE_SHA = before;
    }
  });

  it('falls back to node:crypto when the addon is missing or is not an addon', () => {
    const { dir, cleanup } = tempDir();
    try {
      assert.deepEqual(loadNativeChains(join(dir, 'missing.node')), []);
      const junk = join(dir, 'junk.node');
      writeFileSync(junk, 'not a shared object');
      assert.deepEqual(loadNativeChains(junk), []);
    } finally {
      cleanup();
    }
  });

  it('is built and used on x86-64 Linux, so CI runs the PoET with it', () => {
    if (process.arch !== 'x64' || process.platform !== 'linux' || process.env.SMESHER_NATIVE_SHA === '0') return;
    const chains = nativeChains();
    assert.ok(chains.length > 0, 'native/build/Release/poet_chain.node missing or not loadable: npm ci builds it (build/buildNative.js)');
    const cpuHasSha = /\bsha_ni\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
    assert.deepEqual(
      chains.map((c) => c.kind),
      cpuHasSha ? ['sha-ni', 'c'] : ['c'],
    );
    if (process.env.SMESHER_NATIVE_SHA === undefined) assert.equal(new LabelHasher(filled(1)).path, chains[0]!.kind);
  });

  it('the addon refuses bad calls without writing', { skip: nativeChains().length > 0 ? false : 'not built here' }, () => {
    for (const native of nativeChains()) {
      const out = new Uint8Array(32);
      assert.throws(() => native.chain(new Uint8Array(8), 0, out), RangeError);
      assert.throws(() => native.chain(new Uint8Array(8), 1.5, out), RangeError);
      assert.throws(() => native.chain(new Uint8Array(8), -1, out), RangeError);
      assert.throws(() => native.chain(new Uint8Array(8), 2 ** 32, out), RangeError);
      assert.throws(() => native.chain(new Uint8Array(8), 1, new Uint8Array(31)), RangeError);
      assert.throws(() => native.chain(new Uint16Array(4) as unknown as Uint8Array, 1, out), RangeError);
      assert.throws(() => native.chain(new Uint8Array(8), 1, new Uint16Array(16) as unknown as Uint8Array), RangeError);
      assert.throws(() => native.chain('abc' as unknown as Uint8Array, 1, out), RangeError);
      assert.deepEqual(out, new Uint8Array(32));
    }
  });
});
