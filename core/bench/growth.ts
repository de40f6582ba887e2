/**
 * state.sql growth per epoch (docs/performance.md §4) for 1, 10 and 100 identities of equal weight: a synthetic
 * history written into a real state database (every migration, every index) the way a node of the standalone
 * preset's shape writes it (10 layers an epoch, 50 eligibility slots a layer): per epoch one ATX per identity, one
 * PoET proof, one active set; per layer a proposal per identity with slots in it (a reference ballot's eligibility
 * proofs), the hare output, the block with a reward per proposer, the mesh and applied-layer rows, a reward row and
 * a new account version per proposer. Byte sizes are those a real standalone node stores (an ATX v1 blob 262 B, a
 * PoET proof 24.6 KB, a proposal 244 B + 84 B per eligibility proof). Bytes per epoch are measured over epochs 11-20,
 * after a checkpoint, as the file's page count; the baseline is the payload itself (the bytes of every row's
 * values), so the ratio is what SQLite's pages and the indexes add. Writes a temporary file.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Executor, STATE_SCHEMA, openDatabase } from '../db/index.js';
import { type BenchResult, benchResult } from './result.js';

const LAYERS_PER_EPOCH = 10;
const SLOTS_PER_LAYER = 50;
const ATX_BLOB_BYTES = 262;
const POET_PROOF_BYTES = 24_602;
const PROPOSAL_BASE_BYTES = 244;
const ELIGIBILITY_PROOF_BYTES = 84;
const WARM_EPOCHS = 10;
const MEASURED_EPOCHS = 10;

/** A small deterministic PRNG (mulberry32): the same history every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface Identity {
  readonly id: Uint8Array;
  readonly coinbase: Uint8Array;
}

/** Writes one epoch; returns the payload bytes written. */
function writeEpoch(db: Executor, epoch: number, identities: readonly Identity[], random: () => number): number {
  let payload = 0;
  const blob = (n: number): Buffer => {
    payload += n;
    return randomBytes(n);
  };
  const ints = (k: number): void => void (payload += 8 * k);
  const atxIds: Buffer[] = [];
  const insertAtx = db.prepare(
    `INSERT INTO atxs (id, publish_epoch, smesher_id, sequence, prev_id, positioning_id, commitment_id, coinbase, num_units,
       effective_num_units, base_tick_height, tick_count, weight, vrf_nonce, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, 40, 40, ?, ?)`,
  );
  const insertBlob = db.prepare('INSERT INTO atx_blobs (id, version, blob) VALUES (?, 1, ?)');
  for (const [i, identity] of identities.entries()) {
    const id = blob(32);
    atxIds.push(id);
    payload += 32 + 24;
    ints(8);
    insertAtx.run(id, epoch, identity.id, epoch, blob(32), blob(32), blob(32), identity.coinbase, epoch * 40, i, Date.now());
    insertBlob.run(id, blob(ATX_BLOB_BYTES));
  }
  db.prepare('INSERT INTO poet_proofs (ref, service_id, round_id, statement, leaf_count, proof) VALUES (?, ?, ?, ?, 4000, ?)').run(
    blob(32), blob(32), String(epoch), blob(32), blob(POET_PROOF_BYTES),
  );
  ints(2);
  db.prepare('INSERT INTO activesets (id, epoch, atx_ids, total_weight) VALUES (?, ?, ?, ?)').run(blob(32), epoch + 1, Buffer.concat(atxIds), 40 * identities.length);
  payload += 32 * atxIds.length;
  ints(2);

  // Each identity's share of the epoch's slots, each slot in a random layer of the epoch.
  const slotsEach = Math.max(1, Math.round((SLOTS_PER_LAYER * LAYERS_PER_EPOCH) / identities.length));
  const slots = new Map<number, Map<number, number>>();
  for (let i = 0; i < identities.length; i++) {
    for (let s = 0; s < slotsEach; s++) {
      const layer = Math.floor(random() * LAYERS_PER_EPOCH);
      const byIdentity = slots.get(layer) ?? new Map<number, number>();
      byIdentity.set(i, (byIdentity.get(i) ?? 0) + 1);
      slots.set(layer, byIdentity);
    }
  }
  const insertProposal = db.prepare(
    `INSERT INTO proposals (id, ballot_id, layer, smesher_id, atx_id, ref_ballot, eligibility_count, proofs, opinion_hash, received_ms, proposal)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertReward = db.prepare('INSERT INTO rewards (smesher_id, layer, coinbase, total_reward, layer_reward) VALUES (?, ?, ?, ?, ?)');
  const insertAccount = db.prepare('INSERT INTO accounts (address, layer_updated, balance, next_nonce, template, state) VALUES (?, ?, ?, 0, NULL, NULL)');
  for (let l = 0; l < LAYERS_PER_EPOCH; l++) {
    const layer = epoch * LAYERS_PER_EPOCH + l;
    const proposers = [...(slots.get(l) ?? new Map<number, number>())];
    const proposalIds: Buffer[] = [];
    for (const [i, count] of proposers) {
      const identity = identities[i]!;
      const id = blob(20);
      proposalIds.push(id);
      insertProposal.run(id, blob(20), layer, identity.id, atxIds[i]!, blob(20), slotsEach, count, blob(32), Date.now(), blob(PROPOSAL_BASE_BYTES + ELIGIBILITY_PROOF_BYTES * count));
      payload += 32 + 32;
      ints(4);
      insertReward.run(identity.id, layer, identity.coinbase, 1_000_000, 1_000_000);
      payload += 32 + 24;
      ints(3);
      insertAccount.run(identity.coinbase, layer, 1_000_000 * (epoch + 1));
      payload += 24;
      ints(2);
    }
    db.prepare('INSERT INTO hare_outputs (layer, proposals) VALUES (?, ?)').run(layer, Buffer.concat(proposalIds));
    payload += 20 * proposalIds.length;
    ints(1);
    const blockId = blob(20);
    db.prepare('INSERT INTO blocks (id, layer, block) VALUES (?, ?, ?)').run(blockId, layer, blob(14 + 48 * proposers.length));
    ints(1);
    db.prepare("INSERT INTO mesh_layers (layer, block_id, decided_by, opinion_hash) VALUES (?, ?, 'hare', ?)").run(layer, blockId, blob(32));
    payload += 20 + 4;
    ints(1);
    db.prepare('INSERT INTO layers (id, applied_block, state_hash, subsidy, fees, burnt) VALUES (?, ?, ?, 1000000, 0, 0)').run(layer, blockId, blob(32));
    payload += 20;
    ints(4);
  }
  return payload;
}

function fileBytes(db: Executor): number {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return Number(db.pragma('page_count', { simple: true })) * Number(db.pragma('page_size', { simple: true }));
}

/** Bytes per epoch and payload per epoch for `n` identities. */
function growthFor(dir: string, n: number): { bytes: number; payload: number } {
  const db = openDatabase(join(dir, `state-${n}.sql`), STATE_SCHEMA);
  try {
    const random = prng(n);
    const identities = Array.from({ length: n }, () => ({ id: randomBytes(32), coinbase: randomBytes(24) }));
    const epoch = (e: number): number => db.transaction(() => writeEpoch(db, e, identities, random))();
    for (let e = 1; e <= WARM_EPOCHS; e++) epoch(e);
    const before = fileBytes(db);
    let payload = 0;
    for (let e = WARM_EPOCHS + 1; e <= WARM_EPOCHS + MEASURED_EPOCHS; e++) payload += epoch(e);
    return { bytes: (fileBytes(db) - before) / MEASURED_EPOCHS, payload: payload / MEASURED_EPOCHS };
  } finally {
    db.close();
  }
}

/**
 * Measures growth for 1, 10 and 100 identities.
 * @returns bytes per epoch against the payload per epoch, one figure per identity count
 * @throws on database errors
 */
export async function benchGrowth(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'smesher-bench-growth-'));
  try {
    const out: BenchResult[] = [];
    for (const n of [1, 10, 100]) {
      const { bytes, payload } = growthFor(dir, n);
      out.push(
        benchResult({
          bench: 'growth',
          metric: `state_bytes_per_epoch_${n}_identities`,
          value: bytes,
          unit: `bytes of state.sql per epoch (${LAYERS_PER_EPOCH} layers, ${SLOTS_PER_LAYER} slots a layer, synthetic)`,
          baseline: 'payload: the bytes of the rows written, same run',
          baseline_value: payload,
        }),
      );
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
