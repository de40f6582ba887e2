/**
 * Sending: the spawn-then-spend plan for a new account, balance checks, and submission order through a fake node
 * that implements the wallet's `WalletNodeApi` port.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EdSigner } from '../../../core/crypto/ed25519.js';
import { walletPrincipal } from '../../../core/types/templates.js';
import { WalletError } from '../../../core/wallet/errors.js';
import type { NodeAccountState, WalletNodeApi } from '../../../core/wallet/interface.js';
import { prepareSend, sendFromAccount } from '../../../core/wallet/send.js';
import { decodeWalletTx } from '../../../core/vm/txCodec.js';

const genesis = new Uint8Array(20).fill(9);
const signer = new EdSigner(new Uint8Array(32).fill(3), genesis);
const destination = walletPrincipal(new Uint8Array(32).fill(4));
const SMH = 1_000_000_000n;

class FakeNode implements WalletNodeApi {
  readonly submitted: Uint8Array[] = [];
  constructor(
    private readonly state: NodeAccountState,
    private readonly rejectAt = -1,
  ) {}
  getAccount(address: Uint8Array): Promise<NodeAccountState> {
    assert.deepEqual(address, walletPrincipal(signer.publicKey));
    return Promise.resolve(this.state);
  }
  submitTransaction(raw: Uint8Array): Promise<void> {
    if (this.submitted.length === this.rejectAt) return Promise.reject(new Error('mempool full'));
    this.submitted.push(raw);
    return Promise.resolve();
  }
}

describe('send', () => {
  it('spawns an unspawned account first: two transactions with consecutive nonces', async () => {
    const node = new FakeNode({ balance: 10n * SMH, nextNonce: 0n, spawned: false });
    const prepared = await sendFromAccount(node, signer, { destination, amount: SMH, gasPrice: 1n });
    assert.deepEqual(prepared.txs.map((t) => [t.method, t.nonce]), [['spawn', 0n], ['spend', 1n]]);
    assert.deepEqual(node.submitted.map((raw) => decodeWalletTx(raw).method), ['spawn', 'spend']);
    assert.equal(prepared.totalFee, prepared.txs[0]!.fee + prepared.txs[1]!.fee);
    assert.equal(prepared.total, SMH + prepared.totalFee);
  });

  it('sends one spend from a spawned account at its next nonce', async () => {
    const node = new FakeNode({ balance: 10n * SMH, nextNonce: 7n, spawned: true });
    const prepared = await sendFromAccount(node, signer, { destination, amount: SMH, gasPrice: 2n });
    assert.deepEqual(prepared.txs.map((t) => [t.method, t.nonce]), [['spend', 7n]]);
    assert.equal(node.submitted.length, 1);
    assert.equal(prepared.totalFee, prepared.txs[0]!.maxGas * 2n);
  });

  it('refuses an amount above the balance (fees included) and submits nothing', async () => {
    const node = new FakeNode({ balance: SMH, nextNonce: 0n, spawned: true });
    const fee = prepareSend(signer, { balance: 2n * SMH, nextNonce: 0n, spawned: true }, { destination, amount: 1n, gasPrice: 1n }).totalFee;
    await assert.rejects(
      sendFromAccount(node, signer, { destination, amount: SMH - fee + 1n, gasPrice: 1n }),
      (err: unknown) => err instanceof WalletError && err.code === 'INSUFFICIENT_BALANCE' && /needs/.test(err.message),
    );
    await sendFromAccount(node, signer, { destination, amount: SMH - fee, gasPrice: 1n });
    assert.equal(node.submitted.length, 1, 'exactly the balance is fine');
    assert.throws(() => prepareSend(signer, { balance: SMH, nextNonce: 0n, spawned: true }, { destination, amount: 0n, gasPrice: 1n }), WalletError);
  });

  it('counts the spawn fee in the balance check', () => {
    const spawned = prepareSend(signer, { balance: 10n * SMH, nextNonce: 0n, spawned: true }, { destination, amount: SMH, gasPrice: 1n });
    const needed = spawned.total;
    assert.throws(
      () => prepareSend(signer, { balance: needed, nextNonce: 0n, spawned: false }, { destination, amount: SMH, gasPrice: 1n }),
      (err: unknown) => err instanceof WalletError && err.code === 'INSUFFICIENT_BALANCE' && /spawn/.test(err.message),
    );
  });

  it('reports which transaction the node rejected and what was already submitted', async () => {
    const node = new FakeNode({ balance: 10n * SMH, nextNonce: 0n, spawned: false }, 1);
    await assert.rejects(sendFromAccount(node, signer, { destination, amount: SMH, gasPrice: 1n }), (err: unknown) => {
      assert.ok(err instanceof WalletError && err.code === 'NODE_ERROR');
      assert.match(err.message, /rejected the spend \(nonce 1\): mempool full; already submitted: spawn [0-9a-f]{64}/);
      return true;
    });
  });
});
