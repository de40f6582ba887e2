/**
 * Sending coins from a wallet account. A spend needs a spawned principal, so when the account is not spawned yet
 * the send becomes a planned pair, self-spawn at `nextNonce` then the spend at `nextNonce + 1`, and the user
 * confirms and pays for both at once ("one click", issue #7). `prepareSend` is pure: it builds and prices the
 * transactions and checks the balance; `submitPrepared` hands them to the node in nonce order.
 * @module
 */
import type { Address } from '../types/address.js';
import { walletPrincipal } from '../types/templates.js';
import { bytesToHex } from '../util/bytes.js';
import { errorMessage } from '../util/errors.js';
import { WalletError } from './errors.js';
import { formatSmh } from './amount.js';
import type { NodeAccountState, WalletNodeApi } from './interface.js';
import { type BuiltTx, type TxSigner, buildSelfSpawn, buildSpend } from './tx.js';

export interface SendRequest {
  readonly destination: Address;
  /** Smidge to send; at least 1. */
  readonly amount: bigint;
  /** Smidge per gas unit for every transaction of the send. */
  readonly gasPrice: bigint;
}

export interface PreparedSend {
  /** In submission order: an optional self-spawn, then the spend. */
  readonly txs: readonly BuiltTx[];
  /** Fees of all transactions. */
  readonly totalFee: bigint;
  /** Amount plus fees: what leaves the account. */
  readonly total: bigint;
  readonly balance: bigint;
}

/**
 * Builds, signs and prices the transactions of one send.
 * @throws {WalletError} INVALID_AMOUNT for a zero amount; INSUFFICIENT_BALANCE when amount plus fees exceeds the
 * balance; INVALID_TRANSACTION for a zero gas price
 */
export function prepareSend(signer: TxSigner, account: NodeAccountState, request: SendRequest): PreparedSend {
  if (request.amount < 1n) throw new WalletError('INVALID_AMOUNT', 'the amount must be more than 0');
  const txs: BuiltTx[] = [];
  let nonce = account.nextNonce;
  if (!account.spawned) txs.push(buildSelfSpawn(signer, { nonce: nonce++, gasPrice: request.gasPrice }));
  txs.push(buildSpend(signer, { destination: request.destination, amount: request.amount, nonce, gasPrice: request.gasPrice }));
  const totalFee = txs.reduce((sum, tx) => sum + tx.fee, 0n);
  const total = totalFee + request.amount;
  if (total > account.balance) {
    throw new WalletError(
      'INSUFFICIENT_BALANCE',
      `the account has ${formatSmh(account.balance)} SMH but the send needs ${formatSmh(total)} SMH ` +
        `(${formatSmh(request.amount)} + ${formatSmh(totalFee)} fees${account.spawned ? '' : ', including the first-use spawn'})`,
    );
  }
  return { txs, totalFee, total, balance: account.balance };
}

/**
 * Submits prepared transactions in order and stops at the first rejection.
 * @returns the submitted transactions
 * @throws {WalletError} NODE_ERROR naming which transaction was rejected and which were already accepted
 */
export async function submitPrepared(api: WalletNodeApi, prepared: PreparedSend): Promise<readonly BuiltTx[]> {
  const done: BuiltTx[] = [];
  for (const tx of prepared.txs) {
    try {
      await api.submitTransaction(tx.raw);
    } catch (err) {
      const accepted = done.map((t) => `${t.method} ${bytesToHex(t.id)}`).join(', ');
      throw new WalletError(
        'NODE_ERROR',
        `the node rejected the ${tx.method} (nonce ${tx.nonce}): ${errorMessage(err)}${accepted ? `; already submitted: ${accepted}` : ''}`,
        {},
        { cause: err },
      );
    }
    done.push(tx);
  }
  return done;
}

/**
 * Reads the account from the node, prepares the send and submits it.
 * @throws {WalletError} as {@link prepareSend} and {@link submitPrepared}
 */
export async function sendFromAccount(api: WalletNodeApi, signer: TxSigner, request: SendRequest): Promise<PreparedSend> {
  const account = await api.getAccount(walletPrincipal(signer.publicKey));
  const prepared = prepareSend(signer, account, request);
  await submitPrepared(api, prepared);
  return prepared;
}
