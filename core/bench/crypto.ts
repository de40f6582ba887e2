/**
 * Crypto benchmarks: the node:crypto, libsodium and hash-wasm paths the node uses against the @noble baselines they
 * replace, libsodium's Ed25519 verify against OpenSSL's, and the ECVRF against plain Ed25519. Each figure takes about
 * one second. Reads the clock.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { blake3 as nobleBlake3 } from '@noble/hashes/blake3.js';
import { EdSigner, EdVerifier, publicKeyFromSeed, verifyEd25519 } from '../crypto/ed25519.js';
import { SigningDomain } from '../crypto/domains.js';
import { createVrfProver, vrfVerify, vrfVerifyFull } from '../crypto/ecvrf.js';
import { blake3 } from '../crypto/hash.js';
import { sodium } from '../crypto/sodium.js';
import { type BenchResult, benchResult, measureRate } from './result.js';

/** Time per side of a comparison; two sides make a figure of about one second. */
const SIDE_MS = 500;
const MIB = 1 << 20;

function result(metric: string, value: number, unit: string, baseline: string, baselineValue: number): BenchResult {
  return benchResult({ bench: 'crypto', metric, value, unit, baseline, baseline_value: baselineValue });
}

/** Runs `fn` with an environment variable set, then restores it. */
function withEnv<T>(name: string, value: string, fn: () => T): T {
  const before = process.env[name];
  process.env[name] = value;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  }
}

function pattern(length: number, salt: number): Uint8Array {
  return new Uint8Array(length).map((_, i) => (i * 131 + salt) & 0xff);
}

/**
 * Runs the crypto benchmarks: Ed25519 sign/verify (node:crypto vs noble), BLAKE3 throughput at 1 MiB and rate at
 * 32 bytes (hash-wasm vs noble), and ECVRF prove/verify (vs noble Ed25519 sign/verify). Messages are 200 bytes,
 * the size docs/performance.md §2.3 used.
 * @returns one result per figure
 * @throws {Error} if a self-check fails (a signature or proof that does not verify)
 */
export async function benchCrypto(): Promise<BenchResult[]> {
  await Promise.resolve(); // async for the bench interface; every figure here is synchronous work
  const seed = pattern(32, 7);
  const genesisId = pattern(20, 9);
  const msg = pattern(200, 1);
  const pk = publicKeyFromSeed(seed);
  const signer = new EdSigner(seed, genesisId);
  const verifier = new EdVerifier(genesisId);
  const results: BenchResult[] = [];

  // Sign with the prefix a real consensus message carries; noble signs the same byte count (221) once prefixed.
  const prefixed = new Uint8Array(21 + msg.length);
  const nobleSig = ed25519.sign(prefixed, seed);
  const sig = signer.sign(SigningDomain.BALLOT, msg);
  if (!verifier.verify(SigningDomain.BALLOT, pk, msg, sig)) throw new Error('self-check: signature does not verify');

  const nobleSignRate = measureRate(() => ed25519.sign(prefixed, seed), SIDE_MS);
  const nobleVerifyRate = measureRate(() => ed25519.verify(nobleSig, prefixed, pk), SIDE_MS);
  results.push(
    result('ed25519_sign', measureRate(() => signer.sign(SigningDomain.BALLOT, msg), SIDE_MS), 'ops/s',
      '@noble/curves ed25519.sign', nobleSignRate),
    result('ed25519_verify', measureRate(() => verifier.verify(SigningDomain.BALLOT, pk, msg, sig), SIDE_MS), 'ops/s',
      '@noble/curves ed25519.verify', nobleVerifyRate),
  );
  // The raw function too: EdVerifier adds only the prefix copy, but this is the figure callers of verifyEd25519 see.
  results.push(
    result('ed25519_verify_raw', measureRate(() => verifyEd25519(pk, prefixed, nobleSig), SIDE_MS), 'ops/s',
      '@noble/curves ed25519.verify', nobleVerifyRate),
  );

  // The fast path itself: libsodium (where it is loaded) against OpenSSL alone, the same signature and key.
  if (sodium() !== undefined) {
    const libsodiumRate = measureRate(() => verifyEd25519(pk, prefixed, nobleSig), SIDE_MS);
    const opensslRate = withEnv('SMESHER_NATIVE_ED25519', '0', () => measureRate(() => verifyEd25519(pk, prefixed, nobleSig), SIDE_MS));
    results.push(result('ed25519_verify_libsodium', libsodiumRate, 'ops/s', 'the same verify with OpenSSL as its fast path (SMESHER_NATIVE_ED25519=0)', opensslRate));
  }

  const big = pattern(MIB, 3);
  const small = pattern(32, 5);
  const mbps = (rate: number): number => (rate * MIB) / 1e6;
  results.push(
    result('blake3_1mib', mbps(measureRate(() => blake3(big), SIDE_MS)), 'MB/s',
      '@noble/hashes blake3', mbps(measureRate(() => nobleBlake3(big), SIDE_MS))),
    result('blake3_32b', measureRate(() => blake3(small), SIDE_MS), 'hashes/s',
      '@noble/hashes blake3', measureRate(() => nobleBlake3(small), SIDE_MS)),
  );

  // ECVRF input: the 11-byte SCALE VrfMessage of a ballot eligibility (docs/protocol/eligibility.md §2).
  const alpha = pattern(11, 11);
  const prove = createVrfProver(seed);
  const proof = prove(alpha);
  if (vrfVerify(pk, alpha, proof) === null) throw new Error('self-check: VRF proof does not verify');
  results.push(
    result('ecvrf_prove', measureRate(() => prove(alpha), SIDE_MS), 'ops/s', '@noble/curves ed25519.sign', nobleSignRate),
    // The full check: vrfVerify answers a proof this process made or checked from its memo.
    result('ecvrf_verify', measureRate(() => vrfVerifyFull(pk, alpha, proof), SIDE_MS), 'ops/s',
      '@noble/curves ed25519.verify', nobleVerifyRate),
  );
  if (sodium() !== undefined) {
    const nobleOnly = withEnv('SMESHER_NATIVE_ED25519', '0', () => measureRate(() => vrfVerifyFull(pk, alpha, proof), SIDE_MS));
    results.push(result('ecvrf_verify_libsodium', measureRate(() => vrfVerifyFull(pk, alpha, proof), SIDE_MS), 'ops/s',
      'the same check on @noble/curves alone (SMESHER_NATIVE_ED25519=0)', nobleOnly));
  }
  return results;
}
