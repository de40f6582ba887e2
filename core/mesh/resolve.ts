/**
 * What the VM needs to apply a stored block: its raw transactions and its reward entries with each ATX's identity
 * and coinbase. Shared by the executor and the replay. I/O (reads state.sql).
 * @module
 */
import { getAtx } from '../activation/store.js';
import { decodeBlock } from '../blocks/wire.js';
import { getBlockBytes } from '../blocks/store.js';
import type { Executor } from '../db/index.js';
import { bytesToHex } from '../util/bytes.js';
import type { LayerInput } from '../vm/vm.js';
import { getTransaction } from '../vm/txStore.js';
import type { MeshLayer } from './store.js';
import { MeshError } from './errors.js';

/**
 * The VM input for a decided layer.
 * @throws {MeshError} MISSING_DATA when the block, one of its ATXs or transactions is not in `db`
 */
export function layerInput(db: Executor, m: MeshLayer): LayerInput {
  if (m.blockId === null) return { layer: m.layer, block: null, txs: [], rewards: [] };
  const bytes = getBlockBytes(db, m.blockId);
  if (bytes === undefined) throw new MeshError('MISSING_DATA', `block ${bytesToHex(m.blockId)} of layer ${m.layer} is missing`);
  const block = decodeBlock(bytes);
  const rewards = block.rewards.map((r) => {
    const atx = getAtx(db, r.atxId);
    if (atx === undefined) throw new MeshError('MISSING_DATA', `ATX ${bytesToHex(r.atxId)} of block ${bytesToHex(m.blockId!)} is missing`);
    return { smesherId: atx.smesherId, coinbase: atx.coinbase, weight: r.weight };
  });
  const txs = block.txIds.map((id) => {
    const tx = getTransaction(db, id);
    if (tx === null) throw new MeshError('MISSING_DATA', `transaction ${bytesToHex(id)} of block ${bytesToHex(m.blockId!)} is missing`);
    return tx.raw;
  });
  return { layer: m.layer, block: m.blockId, txs, rewards };
}
