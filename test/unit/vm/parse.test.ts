/**
 * Parsing against principal state and the state-hash encoding: the docs/protocol/vectors.md §11 wallet vectors (MaxGas, ids, signature
 * over the mainnet GenesisID) through the VM's parser, and the Account SCALE layout built by hand.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EdVerifier } from '../../../core/crypto/ed25519.js';
import { blake3 } from '../../../core/crypto/hash.js';
import { genesisId } from '../../../core/types/genesis.js';
import { WALLET_TEMPLATE } from '../../../core/types/templates.js';
import { bytesToHex, concatBytes, hexToBytes } from '../../../core/util/bytes.js';
import { hasErrorCode } from '../../../core/util/errors.js';
import { computeStateHash, emptyAccount, encodeAccount } from '../../../core/vm/account.js';
import { parseTx, summarizeTx } from '../../../core/vm/parse.js';
import { addressOf, rawSpawnOther, signer, spend } from './helpers.js';

const MAINNET = genesisId({ genesisTimeMs: Date.parse('2023-07-14T08:00:00Z'), extraData: '00000000000000000001a6bc150307b5c1998045752b3c87eccf3c013036f3cc' });
const PUBKEY = hexToBytes('de30fc9b812248583da6259433626fcdd2cb5ce589b00047b81e127950b9bca6');
const PRINCIPAL = hexToBytes('00000000451a6878c3f79c4e8d035da69585fd6c2a59471c');
const SPAWN_RAW = hexToBytes(
  '0000000000451a6878c3f79c4e8d035da69585fd6c2a59471c000000000000000000000000000000000000000000000000010004de30fc9b812248583da6259433626fcdd2cb5ce589b00047b81e127950b9bca63de7d4b05ac04824b7fddfca1d7c527d47d8752b3b21fc2b9d03d14389e0efe3784aca7e4d206cfb87a4441d92fec2f028df62d5b4dcd3e62b2b72b5f60e3301',
);
const SPEND_RAW = concatBytes(
  hexToBytes('0000000000451a6878c3f79c4e8d035da69585fd6c2a59471c400404000000002c3dcf45633d678c25c99b93984e6e441987091002286bee'),
  hexToBytes('f57daa61a306704cf5be5ec03a659122e5f92853319c38f71a8b9cb12ab0dd2ad33f44c99ecea2982a559ead47a9c5dd20eb877e48848d25f71c6d5913d3950a'),
);
const spawned = { ...emptyAccount(PRINCIPAL), balance: 10n ** 12n, nextNonce: 1n, template: WALLET_TEMPLATE, state: PUBKEY };

describe('parseTx (docs/protocol/vectors.md §11)', () => {
  it('self-spawn: MaxGas 100432, signed by the key it publishes', () => {
    const tx = parseTx(SPAWN_RAW, emptyAccount(PRINCIPAL));
    assert.equal(tx.selfSpawn, true);
    assert.equal(tx.maxGas, 100432n);
    assert.equal(tx.fee, 100432n);
    assert.equal(tx.spending, 100432n);
    assert.equal(bytesToHex(tx.id), 'c7a726a6fba8206448e9dbccdeb64458d978fd5368f68008968dbaace7a81176');
    assert.ok(new EdVerifier(MAINNET).verifyTransaction(tx.signer, tx.body, tx.signature));
  });

  it('spend: MaxGas 36090, fee + amount reserved, signed by the stored key', () => {
    const tx = parseTx(SPEND_RAW, spawned);
    assert.equal(tx.maxGas, 36090n);
    assert.equal(tx.spending, 36090n + 10n ** 9n);
    assert.equal(tx.intrinsicGas, 23000n + 128n * 15n);
    assert.equal(bytesToHex(tx.target), '000000002c3dcf45633d678c25c99b93984e6e4419870910');
    assert.equal(bytesToHex(tx.id), 'fa5a2f999bbf3f496f703c664ef285b309d6528340dcc064e91cfd6b4b9e8311');
    assert.ok(new EdVerifier(MAINNET).verifyTransaction(tx.signer, tx.body, tx.signature));
    assert.equal(new EdVerifier(new Uint8Array(20)).verifyTransaction(tx.signer, tx.body, tx.signature), false, 'another network');
  });

  it('rejects a spend from an unspawned account, a principal mismatch, and a wallet with a broken key', () => {
    assert.throws(() => parseTx(SPEND_RAW, emptyAccount(PRINCIPAL)), (e) => hasErrorCode(e, 'NOT_SPAWNED'));
    assert.throws(() => parseTx(SPEND_RAW, emptyAccount(new Uint8Array(24))), (e) => hasErrorCode(e, 'MALFORMED'));
    assert.throws(() => parseTx(SPEND_RAW, { ...spawned, state: new Uint8Array(31) }), (e) => hasErrorCode(e, 'CORRUPT_STATE'));
    assert.throws(() => parseTx(SPEND_RAW, { ...spawned, template: new Uint8Array(24).fill(2) }), (e) => hasErrorCode(e, 'UNKNOWN_TEMPLATE'));
    assert.throws(() => parseTx(SPEND_RAW.subarray(0, 100), spawned), (e) => hasErrorCode(e, 'MALFORMED'));
    const method17 = SPEND_RAW.slice();
    method17[25] = 17 << 2;
    assert.throws(() => parseTx(method17, spawned), (e) => hasErrorCode(e, 'MALFORMED'));
  });

  it('charges a spawned wallet spawning another account the load gas on top of the storage', () => {
    const alice = signer('alice');
    const bob = signer('bob');
    const raw = rawSpawnOther(alice, bob.publicKey, 3n);
    const tx = parseTx(raw, { ...emptyAccount(addressOf(alice)), template: WALLET_TEMPLATE, state: alice.publicKey });
    assert.equal(tx.selfSpawn, false);
    assert.deepEqual(tx.target, addressOf(bob));
    // base 53000 + data + wallet LoadGas (2500 + 182*9) + storage (5000*9)
    assert.equal(tx.maxGas, 53000n + 128n * BigInt(Math.ceil(raw.length / 8)) + 2500n + 182n * 9n + 45000n);
    assert.throws(() => parseTx(raw, emptyAccount(addressOf(alice))), (e) => hasErrorCode(e, 'NOT_SPAWNED'));
  });

  it('summarizes principal, nonce and involved addresses', () => {
    const alice = signer('alice');
    const tx = spend(alice, addressOf(alice), 1n, 4n);
    assert.deepEqual(summarizeTx(tx.raw), { principal: addressOf(alice), nonce: 4n, addresses: [addressOf(alice)] });
    assert.equal(summarizeTx(Uint8Array.of(1, 2, 3)), null);
  });
});

describe('state hash encoding', () => {
  it('encodes Account{Layer c32, Address, NextNonce c64, Balance c64, Option<Template>, State bytes}', () => {
    const account = { layer: 100000, address: PRINCIPAL, nextNonce: 1543n, balance: 351n, template: WALLET_TEMPLATE, state: PUBKEY };
    const expected = concatBytes(
      hexToBytes('821a0600'), // compact 100000 (go-scale README)
      PRINCIPAL,
      hexToBytes('1d18'), // compact 1543 (wallet golden payload)
      hexToBytes('7d05'), // compact 351 (wallet golden spend arguments)
      Uint8Array.of(1),
      WALLET_TEMPLATE,
      Uint8Array.of(32 << 2),
      PUBKEY,
    );
    assert.deepEqual(encodeAccount(account), expected);
    const unspawned = encodeAccount(emptyAccount(PRINCIPAL));
    assert.deepEqual(unspawned, concatBytes(Uint8Array.of(0), PRINCIPAL, Uint8Array.of(0, 0, 0, 0)));
    assert.deepEqual(computeStateHash([account, emptyAccount(PRINCIPAL)]), blake3(expected, unspawned));
  });
});
