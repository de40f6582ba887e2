/**
 * {@link AccountsPort} over a state database: account balances and nonces (core/vm), the transactions stored for an
 * address, and rewards by coinbase (core/rewards). The host opens its own read connection to the node's
 * `state.sql` (SQLite WAL lets it read while the node writes) until the node offers these reads itself. Sending
 * needs the node's mempool and is not offered here. I/O: SQLite.
 * @module
 */
import type { Executor } from '../../db/index.js';
import { listRewardsByCoinbase } from '../../rewards/store.js';
import { listTransactionsByAddress } from '../../vm/txStore.js';
import { getAccount } from '../../vm/vm.js';
import type { AccountsPort } from './interface.js';

export function stateAccounts(db: Executor): AccountsPort {
  return {
    getAccount: (address) => {
      const account = getAccount(db, address);
      return Promise.resolve({ balance: account.balance, nextNonce: account.nextNonce, spawned: account.template !== null });
    },
    listTransactions: (address) => Promise.resolve(listTransactionsByAddress(db, address)),
    listRewards: (coinbase) =>
      Promise.resolve(
        listRewardsByCoinbase(db, coinbase).map((r) => ({ layer: r.layer, total: r.totalReward, layerReward: r.layerReward, smesherId: r.smesherId, coinbase: r.coinbase })),
      ),
  };
}
