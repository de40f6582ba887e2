/**
 * Executing one layer: its block's transactions in order, then the rewards, then the state hash (spec
 * docs/protocol/blocks-and-rewards.md §5; docs/protocol/vm-and-transactions.md §8; go-spacemesh `genvm/vm.go Apply/execute`, `genvm/core/context.go`, `genvm/rewards.go`).
 *
 * Per transaction, in go-spacemesh's order, each of these makes it *ineffective* (nothing changes, no fee):
 * it does not parse; GasPrice is 0; the balance is below the intrinsic gas (compared in gas units, not smidge:
 * go-spacemesh's check, kept for identical results); the block has less gas left than its MaxGas; the signature
 * does not verify; its nonce is below the account's next nonce. Otherwise it *executes*: the fee
 * `MaxGas * GasPrice` is taken first (all of the balance, and the transaction fails with OUT_OF_GAS, when the
 * balance is smaller), then the method runs; a method failure (NO_BALANCE, SPAWNED, OVERFLOW) keeps the fee and
 * changes nothing else. Either way the next nonce becomes `nonce + 1` and the block's gas drops by MaxGas.
 * Pure: account reads go through the injected loader, signatures through the injected verifier.
 * @module
 */
import { blake3 } from '../crypto/hash.js';
import { splitLayerReward, type RatNum } from '../rewards/split.js';
import type { Address } from '../types/address.js';
import { WALLET_TEMPLATE } from '../types/templates.js';
import { compareBytes, equalBytes } from '../util/bytes.js';
import { type Account, computeStateHash } from './account.js';
import { VmError, type VmErrorCode } from './errors.js';
import { type ParsedTx, parseTx } from './parse.js';
import { type AccountLoader, StagedAccounts } from './staged.js';
import { U64_MAX, addU64 } from './u64.js';

/** Checks `signature` over `GenesisID || body` (an `EdVerifier.verifyTransaction` bound to the network). */
export type TxVerifier = (publicKey: Uint8Array, body: Uint8Array, signature: Uint8Array) => boolean;

export interface CoinbaseReward {
  readonly smesherId: Uint8Array;
  readonly coinbase: Address;
  readonly weight: RatNum;
}

export interface LayerExecutionInput {
  readonly layer: number;
  /** Raw transactions in block order. */
  readonly txs: readonly Uint8Array[];
  readonly rewards: readonly CoinbaseReward[];
  /** The layer's subsidy from the issuance curve. */
  readonly subsidy: bigint;
  readonly gasLimit: bigint;
}

export interface ExecutedTx {
  readonly id: Uint8Array;
  readonly raw: Uint8Array;
  /** Index in the block's transaction list. */
  readonly position: number;
  readonly principal: Address;
  readonly nonce: bigint;
  readonly status: 'success' | 'failure';
  /** The failure code, or '' on success. */
  readonly message: string;
  readonly gas: bigint;
  /** Smidge actually charged (the whole fee, or the whole balance on OUT_OF_GAS). */
  readonly fee: bigint;
  /** Principal first, then any other account the transaction changed. */
  readonly addresses: readonly Address[];
}

export interface IneffectiveTx {
  readonly id: Uint8Array;
  readonly raw: Uint8Array;
  readonly position: number;
  readonly reason: VmErrorCode;
  readonly message: string;
}

export interface PaidReward {
  readonly smesherId: Uint8Array;
  readonly coinbase: Address;
  readonly totalReward: bigint;
  readonly layerReward: bigint;
}

export interface LayerExecution {
  readonly layer: number;
  readonly executed: ExecutedTx[];
  readonly ineffective: IneffectiveTx[];
  readonly rewards: PaidReward[];
  readonly subsidy: bigint;
  readonly fees: bigint;
  readonly burnt: bigint;
  /** Changed accounts with `layer` set to this layer, in first-change order. */
  readonly changed: Account[];
  readonly stateHash: Uint8Array;
}

/**
 * Executes a layer against `load`ed state without writing anything.
 * @throws {VmError} CORRUPT_STATE when stored state cannot be read; OVERFLOW when a reward credit leaves u64
 *   (impossible with the real supply); {@link RewardsError} for invalid reward weights
 */
export function executeLayer(input: LayerExecutionInput, load: AccountLoader, verify: TxVerifier): LayerExecution {
  const staged = new StagedAccounts(load);
  const executed: ExecutedTx[] = [];
  const ineffective: IneffectiveTx[] = [];
  let fees = 0n;
  let gasLeft = input.gasLimit;
  input.txs.forEach((raw, position) => {
    const outcome = executeTx(raw, position, staged, gasLeft, verify);
    if ('reason' in outcome) {
      ineffective.push(outcome);
      return;
    }
    executed.push(outcome);
    fees = addU64(fees, outcome.fee, 'layer fees');
    gasLeft -= outcome.gas;
  });

  // go-spacemesh's mesh executor hands the VM its rewards sorted by coinbase; the order decides the hash order.
  const ordered = [...input.rewards].sort((a, b) => compareBytes(a.coinbase, b.coinbase) || compareBytes(a.smesherId, b.smesherId));
  const split = splitLayerReward(input.subsidy, fees, ordered);
  const rewards = ordered.map((r, i): PaidReward => {
    const share = split.shares[i]!;
    const account = staged.get(r.coinbase);
    staged.update({ ...account, balance: addU64(account.balance, share.totalReward, 'coinbase balance') });
    return { smesherId: r.smesherId, coinbase: r.coinbase, totalReward: share.totalReward, layerReward: share.layerReward };
  });

  const changed = staged.changed().map((a) => ({ ...a, layer: input.layer }));
  return {
    layer: input.layer,
    executed,
    ineffective,
    rewards,
    subsidy: split.subsidy,
    fees,
    burnt: split.burnt,
    changed,
    stateHash: computeStateHash(changed),
  };
}

function executeTx(raw: Uint8Array, position: number, staged: StagedAccounts, gasLeft: bigint, verify: TxVerifier): ExecutedTx | IneffectiveTx {
  const skip = (reason: VmErrorCode, message: string, id: Uint8Array | null = null): IneffectiveTx => ({
    id: id ?? blake3(raw),
    raw,
    position,
    reason,
    message,
  });
  const principalAddress = principalOf(raw);
  if (principalAddress === null) return skip('MALFORMED', 'too short to name a principal');
  const principal = staged.get(principalAddress);
  let tx: ParsedTx;
  try {
    tx = parseTx(raw, principal);
  } catch (err) {
    if (err instanceof VmError && err.code !== 'CORRUPT_STATE') return skip(err.code, err.message);
    throw err;
  }
  if (tx.gasPrice === 0n) return skip('ZERO_GAS_PRICE', 'gas price is 0', tx.id);
  if (principal.balance < tx.intrinsicGas) {
    return skip('INTRINSIC_GAS', `balance ${principal.balance} is below the intrinsic gas ${tx.intrinsicGas}`, tx.id);
  }
  if (gasLeft < tx.maxGas) return skip('BLOCK_GAS', `block has ${gasLeft} gas left, transaction needs ${tx.maxGas}`, tx.id);
  if (!verify(tx.signer, tx.body, tx.signature)) return skip('BAD_SIGNATURE', 'signature does not verify', tx.id);
  if (tx.nonce < principal.nextNonce) {
    return skip('NONCE_TOO_LOW', `nonce ${tx.nonce} is below the next nonce ${principal.nextNonce}`, tx.id);
  }

  let balance = principal.balance;
  let fee = tx.fee;
  let failure: VmErrorCode | null = null;
  let changedTarget: Account | null = null;
  if (fee > balance) {
    fee = balance;
    failure = 'OUT_OF_GAS';
  }
  balance -= fee;
  let template = principal.template;
  let state = principal.state;
  if (failure === null && tx.method === 'spend') {
    if (tx.amount > balance) {
      failure = 'NO_BALANCE';
    } else if (!equalBytes(tx.target, tx.principal)) {
      const dest = staged.get(tx.target);
      const credited = dest.balance + tx.amount;
      if (credited > U64_MAX) {
        failure = 'OVERFLOW';
      } else {
        balance -= tx.amount;
        changedTarget = { ...dest, balance: credited };
      }
    }
  } else if (failure === null) {
    const target = tx.selfSpawn ? principal : staged.get(tx.target);
    if (target.template !== null) {
      failure = 'SPAWNED';
    } else if (tx.selfSpawn) {
      template = WALLET_TEMPLATE;
      state = tx.spawnKey;
    } else {
      changedTarget = { ...target, template: WALLET_TEMPLATE, state: tx.spawnKey };
    }
  }
  // Principal first, then the other account: go-spacemesh's Context.Apply order, which the state hash follows.
  staged.update({ ...principal, balance, nextNonce: tx.nonce + 1n, template, state });
  if (changedTarget !== null) staged.update(changedTarget);
  return {
    id: tx.id,
    raw,
    position,
    principal: tx.principal,
    nonce: tx.nonce,
    status: failure === null ? 'success' : 'failure',
    message: failure ?? '',
    gas: tx.maxGas,
    fee,
    addresses: changedTarget === null ? [tx.principal] : [tx.principal, changedTarget.address],
  };
}

/** The principal field (bytes 1..25 after a one-byte compact version 0), or null when the tx is too short. */
function principalOf(raw: Uint8Array): Address | null {
  return raw.length >= 25 ? raw.slice(1, 25) : null;
}
