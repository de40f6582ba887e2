/**
 * The VM's entry points over the state database: apply a layer (execute, then write accounts, results, rewards and
 * the layer's state hash in one SQLite transaction), revert to a layer, and read accounts (docs/protocol/blocks-and-rewards.md §5,
 * docs/protocol/vm-and-transactions.md §8; docs/protocol/storage.md; go-spacemesh `genvm/vm.go`). I/O: the logic is core/vm/execute.ts.
 * @module
 */
import { EdVerifier } from '../crypto/ed25519.js';
import type { Executor } from '../db/index.js';
import { layerSubsidy } from '../rewards/issuance.js';
import { deleteRewardsAfter, insertReward } from '../rewards/store.js';
import type { Address } from '../types/address.js';
import { effectiveGenesisLayer } from '../types/layers.js';
import { type Account, emptyAccount } from './account.js';
import { VmError } from './errors.js';
import { type CoinbaseReward, type LayerExecution, executeLayer } from './execute.js';
import { summarizeTx } from './parse.js';
import {
  deleteAccountsAfter,
  deleteLayersAfter,
  getAccountAtLayer,
  getAppliedLayer,
  getLastAppliedLayer,
  getLatestAccount,
  insertAccountVersion,
  insertAppliedLayer,
} from './store.js';
import { deleteTxResultsAfter, insertTransaction, insertTxResult } from './txStore.js';

/** go-spacemesh's VM default block gas limit (`genvm/vm.go DefaultConfig`). */
export const DEFAULT_GAS_LIMIT = 100_000_000n;

export interface VmConfig {
  /** The network's 20-byte GenesisID: transactions are signed over `GenesisID || tx`. */
  readonly genesisId: Uint8Array;
  readonly layersPerEpoch: number;
  /** Gas one layer's block may consume (a preset's `blockGasLimit`). */
  readonly gasLimit: bigint;
}

export interface LayerInput {
  readonly layer: number;
  /** The applied block's id, or null for an empty layer (its subsidy is burnt). */
  readonly block: Uint8Array | null;
  /** Raw transactions in block order. */
  readonly txs: readonly Uint8Array[];
  /** One entry per ATX in the block, with the ATX's identity and coinbase resolved. */
  readonly rewards: readonly CoinbaseReward[];
  /** When the node received the block's transactions it did not know (stored for history). */
  readonly receivedMs?: number;
}

/**
 * Executes and persists one layer. Layers apply strictly in order: the first at or after the first effective
 * genesis layer, then each the successor of the last.
 * @returns what happened: executed and ineffective transactions, paid rewards, burnt dust, the state hash
 * @throws {VmError} LAYER_ORDER for a layer out of order; CORRUPT_STATE; nothing is written when it throws
 */
export function applyLayer(db: Executor, config: VmConfig, input: LayerInput): LayerExecution {
  const genesis = effectiveGenesisLayer(config.layersPerEpoch);
  const last = getLastAppliedLayer(db);
  if (input.layer < genesis || (last !== null && input.layer !== last + 1)) {
    throw new VmError('LAYER_ORDER', `cannot apply layer ${input.layer}: last applied ${last ?? 'none'}, effective genesis ${genesis}`, {
      layer: input.layer,
    });
  }
  const verifier = new EdVerifier(config.genesisId);
  const run = db.transaction(() => {
    const result = executeLayer(
      { layer: input.layer, txs: input.txs, rewards: input.rewards, subsidy: layerSubsidy(input.layer, config.layersPerEpoch), gasLimit: config.gasLimit },
      (address) => getLatestAccount(db, address) ?? emptyAccount(address),
      (key, body, sig) => verifier.verifyTransaction(key, body, sig),
    );
    const receivedMs = input.receivedMs ?? 0;
    for (const account of result.changed) insertAccountVersion(db, account);
    for (const tx of result.executed) {
      insertTransaction(db, { id: tx.id, raw: tx.raw, principal: tx.principal, nonce: tx.nonce, receivedMs }, summarizeTx(tx.raw)?.addresses ?? [tx.principal]);
      insertTxResult(db, { id: tx.id, layer: input.layer, position: tx.position, status: tx.status, message: tx.message, gas: tx.gas, fee: tx.fee });
    }
    for (const tx of result.ineffective) {
      // Kept when it decodes, so it stays visible as pending and may still execute in a later layer.
      const summary = summarizeTx(tx.raw);
      if (summary !== null) insertTransaction(db, { id: tx.id, raw: tx.raw, principal: summary.principal, nonce: summary.nonce, receivedMs }, summary.addresses);
    }
    for (const r of result.rewards) insertReward(db, { ...r, layer: input.layer });
    insertAppliedLayer(db, {
      layer: input.layer,
      block: input.block,
      stateHash: result.stateHash,
      subsidy: result.subsidy,
      fees: result.fees,
      burnt: result.burnt,
    });
    return result;
  });
  return run.immediate();
}

/**
 * Undoes every layer after `layer`: account versions, rewards, transaction results and layer records. The
 * transactions themselves stay, pending again.
 */
export function revertTo(db: Executor, layer: number): void {
  db.transaction(() => {
    deleteAccountsAfter(db, layer);
    deleteRewardsAfter(db, layer);
    deleteTxResultsAfter(db, layer);
    deleteLayersAfter(db, layer);
  }).immediate();
}

/**
 * Writes genesis balances at layer 0 (go-spacemesh `ApplyGenesis`). Only on an empty state.
 * @throws {VmError} LAYER_ORDER when a layer was already applied
 */
export function applyGenesis(db: Executor, accounts: readonly { readonly address: Address; readonly balance: bigint }[]): void {
  if (getLastAppliedLayer(db) !== null) throw new VmError('LAYER_ORDER', 'genesis accounts go into an empty state');
  db.transaction(() => {
    for (const a of accounts) insertAccountVersion(db, { ...emptyAccount(a.address), balance: a.balance });
  }).immediate();
}

/** An account's state now, or at the end of `layer` when given (empty when it did not exist then). */
export function getAccount(db: Executor, address: Address, layer?: number): Account {
  const found = layer === undefined ? getLatestAccount(db, address) : getAccountAtLayer(db, address, layer);
  return found ?? emptyAccount(address);
}

/** The balance in smidge, now or at the end of `layer`. */
export function getBalance(db: Executor, address: Address, layer?: number): bigint {
  return getAccount(db, address, layer).balance;
}

/** The nonce the account's next transaction must use (at least), now or at the end of `layer`. */
export function getNextNonce(db: Executor, address: Address, layer?: number): bigint {
  return getAccount(db, address, layer).nextNonce;
}

/** The account's template address, or null while it is not spawned. */
export function getTemplate(db: Executor, address: Address, layer?: number): Address | null {
  return getAccount(db, address, layer).template;
}

/** The state hash stored for an applied layer, or null. */
export function getStateHash(db: Executor, layer: number): Uint8Array | null {
  return getAppliedLayer(db, layer)?.stateHash ?? null;
}
