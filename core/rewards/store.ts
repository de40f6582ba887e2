/**
 * SQL for the rewards table (migration state/0002_mesh_state.sql; go-spacemesh `sql/rewards`): one row per identity
 * per layer, listed by coinbase (the wallet's history), by identity (the dashboard) or by layer range (the
 * forecast's actual side). Callers own the transaction. I/O.
 * @module
 */
import { blob, type Executor, prepared, u64FromSql, u64ToSql } from '../db/index.js';
import type { Address } from '../types/address.js';

export interface RewardRecord {
  readonly smesherId: Uint8Array;
  readonly coinbase: Address;
  readonly layer: number;
  /** Credited to the coinbase: the share of subsidy + fees. */
  readonly totalReward: bigint;
  /** The subsidy part of it. */
  readonly layerReward: bigint;
}

interface RewardRow {
  smesher_id: Buffer;
  coinbase: Buffer;
  layer: bigint;
  total_reward: bigint;
  layer_reward: bigint;
}

function toReward(row: RewardRow): RewardRecord {
  return {
    smesherId: blob(row.smesher_id),
    coinbase: blob(row.coinbase),
    layer: Number(row.layer),
    totalReward: u64FromSql(row.total_reward),
    layerReward: u64FromSql(row.layer_reward),
  };
}

const COLUMNS = 'smesher_id, coinbase, layer, total_reward, layer_reward';

/**
 * Records a reward.
 * @throws {SqliteError} when the identity already has a reward in that layer (a bug upstream: one ATX per epoch)
 */
export function insertReward(db: Executor, r: RewardRecord): void {
  prepared(db, `INSERT INTO rewards (${COLUMNS}) VALUES (?, ?, ?, ?, ?)`).run(
    r.smesherId,
    r.coinbase,
    r.layer,
    u64ToSql(r.totalReward),
    u64ToSql(r.layerReward),
  );
}

/** Rewards paid to `coinbase`, oldest layer first. */
export function listRewardsByCoinbase(db: Executor, coinbase: Address): RewardRecord[] {
  return (prepared(db, `SELECT ${COLUMNS} FROM rewards WHERE coinbase = ? ORDER BY layer, smesher_id`).all(coinbase) as RewardRow[]).map(toReward);
}

/** Rewards earned by the identity `smesherId`, oldest layer first. */
export function listRewardsBySmesher(db: Executor, smesherId: Uint8Array): RewardRecord[] {
  return (prepared(db, `SELECT ${COLUMNS} FROM rewards WHERE smesher_id = ? ORDER BY layer`).all(smesherId) as RewardRow[]).map(toReward);
}

/** Rewards of layers `from..to` inclusive, by layer then identity. */
export function listRewardsInLayers(db: Executor, from: number, to: number): RewardRecord[] {
  return (prepared(db, `SELECT ${COLUMNS} FROM rewards WHERE layer BETWEEN ? AND ? ORDER BY layer, smesher_id`).all(from, to) as RewardRow[]).map(
    toReward,
  );
}

/** Deletes rewards of layers after `layer` (a revert). */
export function deleteRewardsAfter(db: Executor, layer: number): void {
  prepared(db, 'DELETE FROM rewards WHERE layer > ?').run(layer);
}
