/**
 * Runner for wallet-tx.json: builds the spend or self-spawn with the wallet's builder and an `EdSigner` on the
 * vector's network, compares every byte, the signature, id and MaxGas, checks the signature with `EdVerifier`, and
 * decodes the raw transaction back to its fields.
 * @module
 */
import assert from 'node:assert/strict';
import { EdSigner, EdVerifier } from '../../core/crypto/ed25519.js';
import { genesisId } from '../../core/types/genesis.js';
import { WALLET_TEMPLATE, walletPrincipal } from '../../core/types/templates.js';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { buildSelfSpawn, buildSpend } from '../../core/wallet/tx.js';
import { decodeWalletTx } from '../../core/vm/txCodec.js';
import { defineRunner } from './harness.js';

interface TxVector {
  name: string;
  method: 'spend' | 'spawn';
  seed: string;
  genesisTime: string;
  genesisExtraData: string;
  nonce: string;
  gasPrice: string;
  destination?: string;
  amount?: string;
  body?: string;
  signature?: string;
  raw?: string;
  rawLength: number;
  txid: string;
  maxGas: string;
}

export default defineRunner<TxVector>({
  name: (v) => v.name,
  check(v) {
    const gid = genesisId({ genesisTimeMs: Date.parse(v.genesisTime), extraData: v.genesisExtraData });
    const signer = new EdSigner(hexToBytes(v.seed), gid);
    const common = { nonce: BigInt(v.nonce), gasPrice: BigInt(v.gasPrice) };
    const tx =
      v.method === 'spend'
        ? buildSpend(signer, { ...common, destination: hexToBytes(v.destination), amount: BigInt(v.amount ?? 'x') })
        : buildSelfSpawn(signer, common);
    const raw = bytesToHex(tx.raw);
    if (v.raw !== undefined) assert.equal(raw, v.raw);
    if (v.body !== undefined) assert.equal(raw.slice(0, v.body.length), v.body);
    if (v.signature !== undefined) assert.equal(raw.slice(-128), v.signature);
    assert.equal(tx.raw.length, v.rawLength);
    assert.equal(bytesToHex(tx.id), v.txid);
    assert.equal(tx.maxGas, BigInt(v.maxGas));
    assert.equal(tx.fee, BigInt(v.maxGas) * common.gasPrice);

    const decoded = decodeWalletTx(tx.raw);
    assert.equal(decoded.method, v.method);
    assert.deepEqual(decoded.principal, walletPrincipal(signer.publicKey));
    assert.deepEqual(decoded.payload, common);
    assert.ok(new EdVerifier(gid).verifyTransaction(signer.publicKey, decoded.body, decoded.signature), 'signature verifies');
    if (decoded.method === 'spend') {
      assert.deepEqual(decoded.args, { destination: hexToBytes(v.destination), amount: BigInt(v.amount ?? 'x') });
    } else {
      assert.deepEqual(decoded.template, WALLET_TEMPLATE);
      assert.deepEqual(decoded.args.publicKey, signer.publicKey);
    }
  },
});
