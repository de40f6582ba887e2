/**
 * {@link AccountsPort} for a running node: balances and nonces from state.sql projected over the node's mempool
 * (pending sends already count, as the wallet expects; a pending self-spawn is flagged), transaction and reward
 * history from state.sql, and submission through the node's transaction handler, whose refusal comes back as a
 * coded error. Without consensus in the node there is no mempool: reads come from state alone and sending is not
 * offered. I/O: SQLite.
 * @module
 */
import type { Executor } from '../../db/index.js';
import type { SmesherNode } from '../../node/node.js';
import { CodedError } from '../../util/errors.js';
import { getAccount } from '../../vm/vm.js';
import type { AccountsPort } from './interface.js';
import { stateAccounts } from './stateReader.js';

export function nodeAccounts(node: Pick<SmesherNode, 'consensus' | 'submitTransaction'>, state: Executor): AccountsPort {
  const base = stateAccounts(state);
  const consensus = node.consensus;
  const submit = node.submitTransaction;
  if (consensus === undefined || submit === undefined) return base;
  return {
    ...base,
    getAccount(address) {
      const account = getAccount(state, address);
      const projected = consensus.mempool.projection(address, { nextNonce: account.nextNonce, balance: account.balance });
      // A pending transaction from an account that is not spawned can only be its self-spawn (spends need a
      // spawned principal), so the account counts as spawned for send planning once one is pending, and is
      // reported as spawn-pending until a layer applies it.
      const spawnPending = account.template === null && projected.nextNonce > account.nextNonce;
      return Promise.resolve({
        balance: projected.balance,
        nextNonce: projected.nextNonce,
        spawned: account.template !== null || spawnPending,
        spawnPending,
      });
    },
    async submitTransaction(raw) {
      const verdict = await submit(raw);
      if (verdict.kind !== 'accept') throw new CodedError(verdict.error.code, verdict.error.message);
    },
  };
}
