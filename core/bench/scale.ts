/**
 * Scale toward real networks (docs/performance.md §5; target: 10,000 foreign ATXs validated and stored at >= 0.8x
 * the raw PoST-verify rate of the same proofs, RSS under 500 MB): an epoch of 10,000 real initial ATXs
 * (atxWorld.ts, devnet PoST) handed one by one to the node's ATX handler over a fresh state.sql file, as gossip
 * hands them. Rates are per CPU second of this process (one thread does the work), so other load on the machine
 * barely changes them. The baseline verifies the same PoST proofs (initial and NIPoST, as the handler does) with
 * nothing else. Flatness: the handler's CPU cost per ATX over the last tenth of the epoch against the first tenth.
 * The same rate for 200 ATXs of the standalone preset's PoST (scrypt N = 8192, as on mainnet) shows how the ratio
 * depends on what a PoST check costs: the rest of an ATX's validation costs the same either way.
 * Peak RSS is sampled while validating. The VRF nonce check and the signature check are also measured alone over
 * the same ATXs, with the ceiling they put on the ratio (docs/performance.md §5). Writes a temporary file.
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AtxHandlerDeps, handleAtx } from '../activation/handler.js';
import { insertPoetProof } from '../activation/store.js';
import { ActivationTxV1, atxSignedBytesV1 } from '../activation/wire.js';
import { decode } from '../codec/index.js';
import { SigningDomain } from '../crypto/domains.js';
import { EdVerifier } from '../crypto/ed25519.js';
import { STATE_SCHEMA, openDatabase } from '../db/index.js';
import { getPreset } from '../params/presets.js';
import { createLabelKernel } from '../post/kernel.js';
import { verifyProof, verifyVrfNonce } from '../post/verify.js';
import { genesisId as computeGenesisId, goldenAtxId } from '../types/genesis.js';
import { hexToBytes } from '../util/bytes.js';
import { type AtxWorld, buildAtxWorld } from './atxWorld.js';
import { type BenchResult, benchResult } from './result.js';

const MB = 1024 * 1024;

/** CPU ms of this process so far. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Validates and stores `count` ATXs.
 * @returns ATXs per CPU second against the raw PoST-verify rate, peak RSS, and the per-ATX cost's growth
 * @throws {Error} when an ATX is not accepted (the world or the handler is broken)
 */
export async function benchScale(count = 10_000, presetName: 'devnet' | 'standalone' = 'devnet'): Promise<BenchResult[]> {
  const preset = getPreset(presetName);
  const genesis = { genesisTimeMs: 1_800_000_000_000, extraData: 'bench-scale' };
  const genesisId = computeGenesisId(genesis);
  const golden = goldenAtxId(genesis);
  const genStart = performance.now();
  const world = await buildAtxWorld(count, preset, genesisId, golden);
  const genSeconds = (performance.now() - genStart) / 1000;

  const kernel = createLabelKernel(preset.post.scryptN);
  const verifyParams = {
    k1: preset.post.k1,
    k2: preset.post.k2,
    scryptN: preset.post.scryptN,
    powDifficulty: hexToBytes(preset.post.powDifficultyHex, 32),
    minUnits: preset.post.minUnits,
    maxUnits: preset.post.maxUnits,
  };
  const labelsPerUnit = BigInt(preset.post.labelsPerUnit);
  const verifyAll = (posts: AtxWorld['posts']): void => {
    for (const p of posts) {
      verifyProof(p.proof, { nodeId: p.nodeId, commitmentAtxId: golden, challenge: p.challenge, numUnits: 1, labelsPerUnit }, verifyParams, { kind: 'all' }, { kernel });
    }
  };
  // Warm-up: the label kernel's WebAssembly is tiered up after its first calls; both loops then run the same code.
  verifyAll(world.posts.slice(0, 2_000));
  const rawStart = cpuMs();
  verifyAll(world.posts);
  // Two PoST proofs per ATX (the initial PoST and the NIPoST's).
  const rawRate = count / ((cpuMs() - rawStart) / 1000);

  const dir = await mkdtemp(join(tmpdir(), 'smesher-bench-scale-'));
  const db = openDatabase(join(dir, 'state.sql'), STATE_SCHEMA);
  try {
    insertPoetProof(db, { ref: world.poet.ref, serviceId: new Uint8Array([1]), round: 0, statement: world.poet.statement, leafCount: world.poet.leafCount, proof: world.poet.proof });
    const epochMs = preset.layerDurationMs * preset.layersPerEpoch;
    const deps: AtxHandlerDeps = {
      db,
      validation: { goldenAtxId: golden, verifier: new EdVerifier(genesisId), post: preset.post, tickSize: preset.poet.tickSize, kernel },
      now: () => genesis.genesisTimeMs + epochMs + 1_000,
      currentEpoch: () => 1,
      onDoublePublish: () => {
        throw new Error('unexpected double publish');
      },
      onInvalidPostIndex: () => {
        throw new Error('unexpected invalid PoST');
      },
      onInvalidPrevAtx: () => {
        throw new Error('unexpected invalid previous ATX');
      },
    };
    const tenth = Math.max(1, Math.floor(count / 10));
    let peakRss = process.memoryUsage.rss();
    let firstTenthMs = 0;
    let lastTenthMs = 0;
    const start = cpuMs();
    for (const [i, bytes] of world.atxs.entries()) {
      const before = i < tenth || i >= count - tenth ? cpuMs() : 0;
      const verdict = handleAtx(deps, bytes);
      if (verdict.kind !== 'accept') throw new Error(`ATX ${i} not accepted: ${verdict.kind} ${'error' in verdict ? verdict.error.message : ''}`);
      if (i < tenth) firstTenthMs += cpuMs() - before;
      else if (i >= count - tenth) lastTenthMs += cpuMs() - before;
      if (i % 500 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }
    const rate = count / ((cpuMs() - start) / 1000);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const stored = (db.prepare('SELECT count(*) AS n FROM atxs WHERE publish_epoch = 1').get() as { n: bigint | number }).n;
    if (Number(stored) !== count) throw new Error(`${String(stored)} ATXs stored, expected ${count}`);

    // The two other checks every initial ATX needs, alone over the same ATXs and after the handler (so neither
    // warms a cache the handler then finds): the VRF nonce's label (one kernel call, as each PoST index costs) and
    // the signature. With them the ratio cannot pass raw / (raw + VRF + signature) even if decoding, the PoET
    // membership proof and storage were free.
    const decoded = world.atxs.map((bytes) => decode(ActivationTxV1, bytes));
    const numLabels = BigInt(preset.post.labelsPerUnit);
    const vrfStart = cpuMs();
    for (const atx of decoded) verifyVrfNonce(atx.smesherId, golden, atx.inner.vrfNonce!, numLabels, preset.post.scryptN, kernel);
    const vrfMs = (cpuMs() - vrfStart) / count;
    const verifier = new EdVerifier(genesisId);
    const signed = decoded.map((atx) => ({ key: atx.smesherId, bytes: atxSignedBytesV1(atx.inner), sig: atx.signature }));
    const sigStart = cpuMs();
    for (const { key, bytes, sig } of signed) if (!verifier.verify(SigningDomain.ATX, key, bytes, sig)) throw new Error('an ATX signature does not verify');
    const sigMs = (cpuMs() - sigStart) / count;
    const rawMs = 1000 / rawRate;
    const what = `${count} initial ATXs, ${presetName} PoST (scrypt N = ${preset.post.scryptN}; generated in ${genSeconds.toFixed(0)} s)`;
    const suffix = presetName === 'devnet' ? '' : `_${presetName}_post`;
    const perAtx = (metric: string, valueMs: number, unit: string): BenchResult =>
      benchResult({ bench: 'scale', metric: `${metric}${suffix}`, value: valueMs * 1000, unit, baseline: 'raw PoST verify of the same ATX (2 proofs), CPU µs', baseline_value: rawMs * 1000 });
    const breakdown = [
      perAtx('atx_handler_us', 1000 / rate, 'CPU µs per ATX, the whole handler'),
      perAtx('atx_vrf_nonce_check_us', vrfMs, 'CPU µs per ATX, the VRF nonce check alone (one label)'),
      perAtx('atx_signature_check_us', sigMs, 'CPU µs per ATX, the Ed25519 signature check alone'),
      benchResult({ bench: 'scale', metric: `atx_ratio_ceiling${suffix}`, value: rawMs / (rawMs + vrfMs + sigMs), unit: 'raw / (raw + VRF nonce + signature): the ratio with decoding, membership and storage free', baseline: 'target', baseline_value: 0.8 }),
    ];
    return [
      benchResult({ bench: 'scale', metric: `atx_validate_store_per_cpu_s${suffix}`, value: rate, unit: `ATXs/s per core (${what})`, baseline: 'raw PoST verify of the same proofs (2 per ATX), ATXs/s per core', baseline_value: rawRate }),
      ...breakdown,
      benchResult({ bench: 'scale', metric: `atx_validate_peak_rss_mb${suffix}`, value: peakRss / MB, unit: 'MB (whole process, the generated epoch included)', baseline: 'target', baseline_value: 500 }),
      benchResult({ bench: 'scale', metric: `atx_cost_last_tenth_ms${suffix}`, value: lastTenthMs / tenth, unit: 'CPU ms per ATX, last tenth of the epoch', baseline: 'CPU ms per ATX, first tenth', baseline_value: firstTenthMs / tenth }),
    ];
  } finally {
    db.close();
    await rm(dir, { recursive: true, force: true });
  }
}
