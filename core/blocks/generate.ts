/**
 * The block every node derives from a layer's hare output, built as go-spacemesh's block generator builds it when it
 * does not filter optimistically (docs/protocol/blocks-and-rewards.md §2; go-spacemesh `blocks/utils.go`
 * `getProposalMetadata`, `rewardInfoAndHeight`, `getBlockTXs`, `prune`; `txs/cache.go` `BuildFromTXs`, `addBatch`,
 * `findBest`, `getMempool`; `txs/nano_tx.go` `Better`; `txs/conservative_state.go` `ShuffleWithNonceOrder`):
 *
 * - one reward entry per ATX weighted by its proposal's eligibilities (core/rewards/split.ts), sorted by ATX id;
 * - tick height = the highest height among the proposals' ATXs (go: their base tick height, `atxsdata` `BaseHeight`);
 * - transactions: the proposals' transactions in proposal-id order, de-duplicated; per principal the best
 *   transaction of each nonce (highest fee, ties by `blake3(seed || id)`) that an account with 2^64−1 and nonce 0 can
 *   pay, at most 100 nonces, leading ones already applied dropped; sorted by id, shuffled by MT19937-64 (Go's
 *   `rand.Shuffle`) seeded with the proposals' hash, each slot then taking its principal's next transaction in nonce
 *   order; pruned to the block gas limit with go's uint64 arithmetic.
 *
 * Every proposal's ATX and every transaction must be known: a missing one throws, as go's generator fails
 * (`errProposalTxMissing`); nothing is silently left out. Pure.
 * @module
 */
import { blake3 } from '../crypto/hash.js';
import { blockRewardEntries } from '../rewards/split.js';
import { pad32 } from '../types/ids.js';
import { WALLET_TEMPLATE } from '../types/templates.js';
import { bytesToHex, compareBytes, readU64le } from '../util/bytes.js';
import { CodedError } from '../util/errors.js';
import { VmError } from '../vm/errors.js';
import { parseTx } from '../vm/parse.js';
import { decodeWalletTx } from '../vm/txCodec.js';
import { Mt19937 } from './mt19937.js';
import { type InnerBlock, blockId } from './wire.js';

/** go-spacemesh `txs/cache.go` `maxTXsPerAcct`: nonces taken per principal. */
export const MAX_BLOCK_TXS_PER_ACCOUNT = 100;
/** go-spacemesh `txs/cache.go` `maxTXsPerNonce`: candidates considered per (principal, nonce). */
export const MAX_BLOCK_TXS_PER_NONCE = 100;
/** go-spacemesh `txs/mempool_iterator.go` `MinTXGas`. */
export const MIN_TX_GAS = 1n;

const U64_MASK = (1n << 64n) - 1n;

export type BlockErrorCode = 'MISSING_DATA';

/** Why a block cannot be built yet. */
export class BlockError extends CodedError<BlockErrorCode> {}

export interface BlockProposalInput {
  readonly id: Uint8Array;
  readonly atxId: Uint8Array;
  readonly atxWeight: bigint;
  /**
   * The ATX's base tick height (its positioning ATX's height; go's `atxsdata` `BaseHeight`): the block's tick height
   * is the highest of these. Below every ballot's own ATX height, so the tortoise counts every ballot's vote on it.
   */
  readonly atxBaseHeight: bigint;
  readonly eligibilityCount: number;
  readonly proofs: number;
  readonly txIds: readonly Uint8Array[];
}

/** What the block builder needs of a transaction: go's `TxHeader` and whether the tx has a result already. */
export interface BlockTx {
  readonly id: Uint8Array;
  readonly principal: Uint8Array;
  readonly nonce: bigint;
  readonly maxGas: bigint;
  readonly gasPrice: bigint;
  /** The most the method moves besides the fee (a spend's amount, 0 for a spawn). */
  readonly maxSpend: bigint;
  /**
   * Executed (with a result) in a layer before the block's. go reads this as the transaction row's layer at the
   * moment it builds; taking "before the block's layer" gives the same answer whenever the previous layer is applied
   * and the same answer on every node whenever the block is built.
   */
  readonly applied: boolean;
}

export interface GenerateOptions {
  /**
   * The block gas limit (a preset's `blockGasLimit`); 0 turns pruning off, as go's optimistic path does. Default
   * 2^64−1, go's `defaultConfig`.
   */
  readonly gasLimit: bigint;
}

/**
 * Builds the layer's block.
 * @param txOf - the stored transaction, or null when this node does not have it
 * @returns the block and its id, or null for an empty hare output
 * @throws {BlockError} MISSING_DATA when a proposal's transaction is unknown (go `errProposalTxMissing`: fetch it
 *   first); {RewardsError} DUPLICATE_ATX when two proposals share an ATX (go aborts block generation too)
 */
export function generateBlock(
  layer: number,
  proposals: readonly BlockProposalInput[],
  txOf: (id: Uint8Array) => BlockTx | null,
  options: GenerateOptions = { gasLimit: U64_MASK },
): { block: InnerBlock; id: Uint8Array } | null {
  if (proposals.length === 0) return null;
  // go's hare output is sorted by proposal id (hare3 `thresholdGossip`); the generator walks it in that order.
  const sorted = [...proposals].sort((a, b) => compareBytes(a.id, b.id));
  const rewards = blockRewardEntries(sorted.map((p) => ({ atxId: p.atxId, atxWeight: p.atxWeight, eligibilityCount: p.eligibilityCount, proofs: p.proofs })));
  const tickHeight = sorted.reduce((max, p) => (p.atxBaseHeight > max ? p.atxBaseHeight : max), 0n);
  const seen = new Set<string>();
  const txs: BlockTx[] = [];
  for (const p of sorted) {
    for (const id of p.txIds) {
      const key = bytesToHex(id);
      if (seen.has(key)) continue;
      const tx = txOf(id);
      if (tx === null) throw new BlockError('MISSING_DATA', `transaction ${key} of proposal ${bytesToHex(p.id)} is not stored`, { layer });
      seen.add(key);
      txs.push(tx);
    }
  }
  const seed = proposalsSeed(sorted.map((p) => p.id));
  const txIds = txs.length === 0 ? [] : selectBlockTxs(txs, seed, options.gasLimit);
  const block: InnerBlock = { layer, tickHeight, rewards: rewards.map((r) => ({ atxId: r.atxId, weight: r.weight })), txIds };
  return { block, id: blockId(block) };
}

/**
 * The header go stores with a transaction it parsed on arrival (`TxHeader`: principal, nonce, MaxGas, GasPrice,
 * MaxSpend). Parsed as against a spawned wallet: go keeps a header only for transactions that parsed, and the gas
 * of a spend or of a spawn by a spawned wallet does not depend on the stored key.
 * @returns null for bytes that are not a wallet transaction (go: a transaction without a header)
 */
export function blockTxFromRaw(id: Uint8Array, raw: Uint8Array, applied: boolean): BlockTx | null {
  try {
    const { principal } = decodeWalletTx(raw);
    const tx = parseTx(raw, { layer: 0, address: principal, nextNonce: 0n, balance: 0n, template: WALLET_TEMPLATE, state: new Uint8Array(32) });
    return { id, principal, nonce: tx.nonce, maxGas: tx.maxGas, gasPrice: tx.gasPrice, maxSpend: tx.maxSpend, applied };
  } catch (err) {
    if (err instanceof VmError) return null;
    throw err;
  }
}

/** go `types.CalcProposalsHash32(ids, nil)`: blake3 of the sorted ids, each padded to 32 bytes. */
export function proposalsSeed(ids: readonly Uint8Array[]): Uint8Array {
  return blake3(...[...ids].sort(compareBytes).map((id) => pad32(id)));
}

/** go `TxHeader.Fee`: `MaxGas * GasPrice` in wrapping uint64. */
function fee(tx: BlockTx): bigint {
  return (tx.maxGas * tx.gasPrice) & U64_MASK;
}

/** go `TxHeader.Spending`: `Fee + MaxSpend` in wrapping uint64. */
function spending(tx: BlockTx): bigint {
  return (fee(tx) + tx.maxSpend) & U64_MASK;
}

/** go `NanoTX.Better` with a block seed: the higher fee, then the lower `blake3(seed || id)`. */
function better(a: BlockTx, b: BlockTx, seed: Uint8Array): boolean {
  const fa = fee(a);
  const fb = fee(b);
  if (fa !== fb) return fa > fb;
  return compareBytes(blake3(seed, a.id), blake3(seed, b.id)) < 0;
}

/**
 * go `Cache.BuildFromTXs(txs, seed)` over a state where every account has nonce 0 and balance 2^64−1 (the block
 * generator's `stateF`), then `GetMempool`: per principal, the nonce-ordered transactions a block may carry.
 */
export function feasibleByPrincipal(txs: readonly BlockTx[], seed: Uint8Array): Map<string, BlockTx[]> {
  // groupTXsByPrincipal: insertion order, at most MAX_BLOCK_TXS_PER_NONCE per (principal, nonce).
  const byPrincipal = new Map<string, Map<bigint, BlockTx[]>>();
  for (const tx of txs) {
    const key = bytesToHex(tx.principal);
    const byNonce = byPrincipal.get(key) ?? new Map<bigint, BlockTx[]>();
    byPrincipal.set(key, byNonce);
    const group = byNonce.get(tx.nonce) ?? [];
    byNonce.set(tx.nonce, group);
    if (group.length < MAX_BLOCK_TXS_PER_NONCE) group.push(tx);
  }
  const out = new Map<string, BlockTx[]>();
  for (const [key, byNonce] of byPrincipal) {
    // addBatch: ascending nonces, gaps allowed; findBest among what the balance left can pay; accept appends.
    const chain: BlockTx[] = [];
    let balance = U64_MASK;
    for (const nonce of [...byNonce.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      let best: BlockTx | null = null;
      for (const tx of byNonce.get(nonce)!) {
        if (balance >= spending(tx) && (best === null || better(tx, best, seed))) best = tx;
      }
      if (best === null) continue;
      if (chain.length >= MAX_BLOCK_TXS_PER_ACCOUNT) break; // errTooManyNonce ends the batch
      chain.push(best);
      balance -= spending(best);
    }
    // getMempool: from the first candidate without a layer (not yet applied) on.
    const first = chain.findIndex((tx) => !tx.applied);
    if (first >= 0) out.set(key, chain.slice(first));
  }
  return out;
}

/**
 * go `getBlockTXs`: the feasible transactions sorted by id, Fisher–Yates shuffled (Go `rand.Shuffle` over
 * seehuhn/mt19937 seeded with the seed's four little-endian words), each slot then given to its principal's next
 * transaction in nonce order, and pruned to `gasLimit` (0: no pruning).
 */
export function selectBlockTxs(txs: readonly BlockTx[], seed: Uint8Array, gasLimit: bigint): Uint8Array[] {
  const byPrincipal = feasibleByPrincipal(txs, seed);
  const candidates = [...byPrincipal.values()].flat().sort((a, b) => compareBytes(a.id, b.id));
  const ordered = shuffleWithNonceOrder(candidates, byPrincipal, seed);
  return gasLimit > 0n ? prune(ordered, gasLimit) : ordered.map((t) => t.id);
}

/**
 * go `txs.ShuffleWithNonceOrder`: shuffles `candidates` in place order, then each shuffled slot takes the next
 * transaction (in nonce order) of the principal that landed there.
 */
export function shuffleWithNonceOrder(candidates: readonly BlockTx[], byPrincipal: ReadonlyMap<string, readonly BlockTx[]>, seed: Uint8Array): BlockTx[] {
  const rng = new Mt19937([0, 8, 16, 24].map((o) => readU64le(seed, o)));
  const order = [...candidates];
  rng.shuffle(order.length, (i, j) => {
    [order[i], order[j]] = [order[j]!, order[i]!];
  });
  const cursor = new Map<string, number>();
  return order.map((t) => {
    const key = bytesToHex(t.principal);
    const i = cursor.get(key) ?? 0;
    cursor.set(key, i + 1);
    return byPrincipal.get(key)![i]!;
  });
}

/**
 * go `prune`: walks the list with the gas left; stops at the first transaction met with less than MinTXGas left.
 * go subtracts each MaxGas in uint64, so a transaction larger than what is left wraps the counter and everything
 * after it stays (the VM then makes what exceeds the limit ineffective); kept as go has it.
 */
function prune(txs: readonly BlockTx[], gasLimit: bigint): Uint8Array[] {
  let remaining = gasLimit;
  for (let i = 0; i < txs.length; i++) {
    if (remaining < MIN_TX_GAS) return txs.slice(0, i).map((t) => t.id);
    remaining = (remaining - txs[i]!.maxGas) & U64_MASK;
  }
  return txs.map((t) => t.id);
}
