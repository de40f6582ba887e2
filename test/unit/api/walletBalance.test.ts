/**
 * `wallet.balance` through the dispatcher over a node's account port (real state.sql, mempool and transaction
 * handler): an account whose self-spawn is only pending in the mempool is `spawnState: 'pending'` and not yet
 * `spawned`; once a layer applies the spawn it is `spawned`. The port itself still counts the pending spawn for
 * send planning, so a second send never spawns again. Invalid arguments are refused.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiResult, BalanceInfo } from '../../../core/api/contract/contract.js';
import { nodeAccounts } from '../../../core/api/service/nodeAccounts.js';
import { createTxHandler, syncMempoolWithState } from '../../../core/mempool/handler.js';
import { Mempool } from '../../../core/mempool/pool.js';
import { encodeAddress } from '../../../core/types/address.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { applyLayer } from '../../../core/vm/vm.js';
import { CONFIG, FIRST_LAYER, GENESIS_ID, addressOf, freshDb, reward, selfSpawn, signer } from '../vm/helpers.js';
import { PRESET, fixture } from './helpers.js';

const alice = signer('alice');

function value<T>(result: ApiResult<T>): T {
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(result)}`);
  return result.value;
}

describe('wallet.balance and a pending spawn', () => {
  it('reports unspawned, then pending while the spawn waits in the mempool, then spawned once applied', async (t) => {
    const state = freshDb();
    t.after(() => state.close());
    applyLayer(state, CONFIG, { layer: FIRST_LAYER, block: null, txs: [], rewards: [reward('a', addressOf(alice))] });
    const mempool = new Mempool();
    const submitTx = createTxHandler({ db: state, genesisId: GENESIS_ID, mempool, now: () => 1000 });
    const accounts = nodeAccounts({ consensus: { mempool, submitTx } as never, submitTransaction: submitTx }, state);
    const f = await fixture(t, { accounts });
    const address = encodeAddress(addressOf(alice), PRESET.hrp);
    const balance = async () => value(await f.service.dispatch('wallet.balance', { address })) as BalanceInfo;

    assert.deepEqual([(await balance()).spawned, (await balance()).spawnState], [false, 'unspawned']);

    const spawn = selfSpawn(alice);
    value(await f.service.dispatch('tx.submit', { raw: bytesToHex(spawn.raw) }));
    const pending = await balance();
    assert.deepEqual([pending.spawned, pending.spawnState, pending.nextNonce], [false, 'pending', '1']);
    // Send planning through the port still sees the spawn as on its way (no second spawn).
    assert.equal((await accounts.getAccount(addressOf(alice))).spawned, true);

    applyLayer(state, CONFIG, { layer: FIRST_LAYER + 1, block: null, txs: [spawn.raw], rewards: [] });
    syncMempoolWithState(state, mempool);
    const applied = await balance();
    assert.deepEqual([applied.spawned, applied.spawnState, applied.nextNonce], [true, 'spawned', '1']);
  });

  it('refuses invalid arguments before reading any state', async (t) => {
    const f = await fixture(t);
    for (const args of [{}, { address: 'nope' }, { address: 42 }, { address: encodeAddress(addressOf(alice), PRESET.hrp), extra: 1 }]) {
      const result = await f.service.dispatch('wallet.balance', args);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.error.code, 'INVALID_ARGS', JSON.stringify(args));
    }
    // A well-formed address of another network is refused by the handler with a coded error.
    const other = await f.service.dispatch('wallet.balance', { address: encodeAddress(addressOf(alice), 'sm') });
    assert.equal(other.ok, false);
  });
});
