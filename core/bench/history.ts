/**
 * A synthetic transaction history for the API benchmark (docs/performance.md §4): `count` transactions sent by one
 * wallet address, ten a layer, each with its result, and the account's version after every layer, written through
 * the node's own stores (core/vm) into an open state database. The raw bytes are random (nothing on the measured
 * paths decodes them). I/O: writes the database.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Executor } from '../db/index.js';
import type { Address } from '../types/address.js';
import { insertAccountVersion } from '../vm/store.js';
import { insertTransaction, insertTxResult } from '../vm/txStore.js';

const TXS_PER_LAYER = 10;
/** About the size of a wallet spend (go-spacemesh's single-sig spend is ~150 bytes). */
const RAW_BYTES = 150;

/** Writes the history in one transaction; layers start at `firstLayer`. */
export function writeTxHistory(db: Executor, address: Address, count: number, firstLayer = 1): void {
  db.transaction(() => {
    let balance = 10n ** 15n;
    for (let i = 0; i < count; i++) {
      const id = randomBytes(32);
      const layer = firstLayer + Math.floor(i / TXS_PER_LAYER);
      const to = randomBytes(24);
      insertTransaction(db, { id, raw: randomBytes(RAW_BYTES), principal: address, nonce: BigInt(i), receivedMs: 1_700_000_000_000 + i }, [address, to]);
      insertTxResult(db, { id, layer, position: i % TXS_PER_LAYER, status: 'success', message: '', gas: 36_090n, fee: 36_090n });
      balance -= 1_000_000n;
      if (i % TXS_PER_LAYER === TXS_PER_LAYER - 1 || i === count - 1) {
        insertAccountVersion(db, { layer, address, balance, nextNonce: BigInt(i + 1), template: null, state: null });
      }
    }
  })();
}
