/**
 * The wallet file: Smesher's files open with an independent smapp implementation, smapp-format GCM and legacy CTR
 * files built here open in Smesher, wrong passwords and damaged files change nothing, and the account, contact,
 * password and lock operations behave.
 * @module
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EdVerifier } from '../../../core/crypto/ed25519.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { WalletError } from '../../../core/wallet/errors.js';
import { summarizeWallet } from '../../../core/wallet/importSmapp.js';
import { accountAddress, deriveAccountKey, toExtendedSecretKey } from '../../../core/wallet/keys.js';
import { DEFAULT_KDF_ITERATIONS } from '../../../core/wallet/keystore/cipher.js';
import { WalletFile } from '../../../core/wallet/keystore/walletFile.js';
import { mnemonicToSeed } from '../../../core/wallet/mnemonic.js';
import { FILM_ADDRESS_0, FILM_MNEMONIC, TEST_ITERATIONS, seededRandom, tempDir } from './helpers.js';
import { smappDecryptGcm, smappEncryptGcm, smappEncryptLegacy } from './smappReference.js';

const fast = { kdfIterations: TEST_ITERATIONS, random: seededRandom('keystore'), now: () => Date.UTC(2026, 0, 2, 3, 4, 5) };

async function walletCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof WalletError, `expected a WalletError, got ${String(err)}`);
    return err.code;
  }
  return assert.fail('expected an error');
}

const sha = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

/** smapp-shaped secrets for the film mnemonic's first `n` accounts, with smapp's path spelling (no `m/`). */
function smappSecrets(n: number) {
  const seed = mnemonicToSeed(FILM_MNEMONIC);
  const accounts = Array.from({ length: n }, (_, i) => {
    const key = deriveAccountKey(seed, i);
    return {
      displayName: `Account ${i}`,
      created: '2024-01-01T00-00-00.000Z',
      path: key.path.slice(2),
      publicKey: bytesToHex(key.publicKey),
      secretKey: bytesToHex(toExtendedSecretKey(key)),
    };
  });
  return { mnemonic: FILM_MNEMONIC, accounts, contacts: [{ address: FILM_ADDRESS_0, nickname: 'me' }] };
}

const META = { displayName: 'From smapp', created: '2024-01-01T00-00-00.000Z', type: 'local-node', genesisID: '', remoteApi: '', netId: 7 };

describe('wallet file written by Smesher', () => {
  it('decrypts with the smapp algorithm and has the smapp shape, mode 0600 and real parameters', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'w.json');
    await WalletFile.create(path, { name: 'Main', mnemonic: FILM_MNEMONIC, password: 'pässword 1', accounts: 2, ...fast });
    const file = JSON.parse(await readFile(path, 'utf8')) as { meta: Record<string, unknown>; crypto: Parameters<typeof smappDecryptGcm>[0] & { cipher: string } };
    assert.equal(file.crypto.cipher, 'AES-GCM');
    assert.equal(file.meta.displayName, 'Main');
    assert.equal(file.meta.created, '2026-01-02T03-04-05.000Z');
    const secrets = (await smappDecryptGcm(file.crypto, 'pässword 1')) as ReturnType<typeof smappSecrets>;
    assert.equal(secrets.mnemonic, FILM_MNEMONIC);
    assert.deepEqual(Object.keys(secrets), ['mnemonic', 'accounts', 'contacts']);
    assert.deepEqual(secrets.accounts.map((a) => a.path), ["m/44'/540'/0'/0'/0'", "m/44'/540'/0'/0'/1'"]);
    assert.deepEqual(Object.keys(secrets.accounts[0]!), ['displayName', 'created', 'path', 'publicKey', 'secretKey']);
    assert.equal(secrets.accounts[0]!.secretKey.length, 128);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    await assert.rejects(smappDecryptGcm(file.crypto, 'wrong'));
  });

  it('writes at least 210,000 PBKDF2 iterations by default, with a random IV per save', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'w.json');
    const wallet = await WalletFile.create(path, { name: 'Main', mnemonic: FILM_MNEMONIC, password: 'pw' });
    const first = JSON.parse(await readFile(path, 'utf8')) as { crypto: { cipherParams: { iv: string }; kdfparams: { iterations: number; salt: string } } };
    assert.equal(DEFAULT_KDF_ITERATIONS, 210_000);
    assert.ok(first.crypto.kdfparams.iterations >= 210_000);
    await wallet.save();
    const second = JSON.parse(await readFile(path, 'utf8')) as typeof first;
    assert.notEqual(second.crypto.cipherParams.iv, first.crypto.cipherParams.iv);
    assert.equal(second.crypto.kdfparams.salt, first.crypto.kdfparams.salt, 'the unlocked key is reused, not re-derived');
  });

  it('keeps the previous version as .bak and leaves no temp files', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'w.json');
    const wallet = await WalletFile.create(path, { name: 'Main', mnemonic: FILM_MNEMONIC, password: 'pw', ...fast });
    const before = await readFile(path, 'utf8');
    wallet.addAccount('Second');
    await wallet.save();
    assert.equal(await readFile(`${path}.bak`, 'utf8'), before);
    assert.deepEqual((await readdir(dir)).sort(), ['w.json', 'w.json.bak']);
    assert.equal((await WalletFile.open(`${path}.bak`, 'pw', fast)).accounts().length, 1);
    assert.equal((await WalletFile.open(path, 'pw', fast)).accounts().length, 2);
  });

  it('removes temp files of dead writers, and old ones whose pid was reused', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'w.json');
    const wallet = await WalletFile.create(path, { name: 'Main', mnemonic: FILM_MNEMONIC, password: 'pw', ...fast });
    const dead = '.w.json.999999999.00000000.new.tmp'; // no such pid
    const reusedOld = '.w.json.1.00000000.new.tmp'; // pid 1 is alive, but the file is an hour old
    const liveFresh = '.w.json.1.11111111.new.tmp'; // may be a write in progress: kept
    for (const name of [dead, reusedOld, liveFresh]) await writeFile(join(dir, name), 'partial');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(join(dir, reusedOld), hourAgo, hourAgo);
    await wallet.save();
    assert.deepEqual((await readdir(dir)).sort(), [liveFresh, 'w.json', 'w.json.bak'].sort());
  });

  it('refuses to overwrite an existing file on create', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'w.json');
    await WalletFile.create(path, { name: 'Main', mnemonic: FILM_MNEMONIC, password: 'pw', ...fast });
    const hash = await sha(path);
    assert.equal(await walletCode(WalletFile.create(path, { name: 'Other', mnemonic: FILM_MNEMONIC, password: 'x', ...fast })), 'ALREADY_EXISTS');
    assert.equal(await sha(path), hash);
  });
});

describe('smapp-format files built from the documented format', () => {
  it('imports a GCM file with the synthetic IV and lists its accounts', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'smapp.json');
    const crypto = await smappEncryptGcm(smappSecrets(2), 'smapp pw', new Uint8Array(16).fill(5), TEST_ITERATIONS);
    await writeFile(path, JSON.stringify({ meta: META, crypto }));
    const wallet = await WalletFile.open(path, 'smapp pw', fast);
    const summary = summarizeWallet(wallet, 'sm');
    assert.deepEqual(summary.accounts[0], { path: "44'/540'/0'/0'/0'", address: FILM_ADDRESS_0 });
    assert.equal(summary.accounts.length, 2);
    assert.equal(summary.mnemonicValid, true);
    assert.equal(summary.name, 'From smapp');
    assert.deepEqual(wallet.contacts(), [{ address: FILM_ADDRESS_0, nickname: 'me' }]);
    // The signer is the account's real key.
    const genesis = new Uint8Array(20).fill(1);
    const sig = wallet.signer(0, genesis).signTransaction(new Uint8Array([1, 2, 3]));
    assert.ok(new EdVerifier(genesis).verifyTransaction(wallet.accounts()[0]!.publicKey, new Uint8Array([1, 2, 3]), sig));
    // Unknown meta fields survive a save, and the next standard index continues after smapp's accounts.
    wallet.addAccount();
    await wallet.saveAs(join(dir, 'copy.json'));
    const copy = await WalletFile.open(join(dir, 'copy.json'), 'smapp pw', fast);
    assert.equal(copy.meta.netId, 7);
    assert.equal(copy.accounts()[2]!.path, "m/44'/540'/0'/0'/2'");
  });

  it('imports a legacy AES-CTR file and re-keys it to GCM on save', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'legacy.json');
    await writeFile(path, JSON.stringify({ meta: META, crypto: await smappEncryptLegacy(smappSecrets(1), 'old pw') }));
    const wallet = await WalletFile.open(path, 'old pw', fast);
    assert.equal(accountAddress(wallet.accounts()[0]!.publicKey, 'sm'), FILM_ADDRESS_0);
    assert.equal(await walletCode(WalletFile.open(path, 'not it', fast)), 'WRONG_PASSWORD');
    await wallet.saveAs(join(dir, 'upgraded.json'));
    const upgraded = JSON.parse(await readFile(join(dir, 'upgraded.json'), 'utf8')) as { crypto: Parameters<typeof smappDecryptGcm>[0] & { cipher: string } };
    assert.equal(upgraded.crypto.cipher, 'AES-GCM');
    assert.equal(((await smappDecryptGcm(upgraded.crypto, 'old pw')) as { mnemonic: string }).mnemonic, FILM_MNEMONIC);
  });

  it('re-keys files below the iteration floor when it saves them', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'weak.json');
    await writeFile(path, JSON.stringify({ meta: META, crypto: await smappEncryptGcm(smappSecrets(1), 'pw', new Uint8Array(16), 10) }));
    const wallet = await WalletFile.open(path, 'pw', fast);
    await wallet.save();
    const saved = JSON.parse(await readFile(path, 'utf8')) as { crypto: { kdfparams: { iterations: number } } };
    assert.equal(saved.crypto.kdfparams.iterations, TEST_ITERATIONS);
  });

  it('refuses an account whose secret key does not match its public key', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'mismatch.json');
    const secrets = smappSecrets(2);
    const tampered = { ...secrets, accounts: [{ ...secrets.accounts[0]!, publicKey: secrets.accounts[1]!.publicKey }] };
    await writeFile(path, JSON.stringify({ meta: META, crypto: await smappEncryptGcm(tampered, 'pw', new Uint8Array(16), 10) }));
    await assert.rejects(WalletFile.open(path, 'pw', fast), (err: unknown) => err instanceof WalletError && err.code === 'BAD_WALLET_FILE' && /does not belong/.test(err.message));
  });
});

describe('bad input changes nothing', () => {
  it('a wrong password says "wrong password" and leaves the file as it was', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'w.json');
    await WalletFile.create(path, { name: 'Main', mnemonic: FILM_MNEMONIC, password: 'right', ...fast });
    const hash = await sha(path);
    const names = await readdir(dir);
    await assert.rejects(WalletFile.open(path, 'wrong', fast), (err: unknown) => {
      assert.ok(err instanceof WalletError && err.code === 'WRONG_PASSWORD');
      assert.equal(err.message, 'wrong password');
      return true;
    });
    assert.equal(await sha(path), hash);
    assert.deepEqual(await readdir(dir), names);
    assert.equal(await walletCode(WalletFile.open(path, '', fast)), 'INVALID_PASSWORD');
    assert.equal(await walletCode(WalletFile.open(join(dir, 'missing.json'), 'right', fast)), 'NOT_FOUND');
    assert.equal(await walletCode(WalletFile.open(dir, 'right', fast)), 'BAD_WALLET_FILE');
  });

  it('truncated, foreign and unsupported files get clear errors', async (t) => {
    const dir = await tempDir(t);
    const good = join(dir, 'w.json');
    await WalletFile.create(good, { name: 'Main', mnemonic: FILM_MNEMONIC, password: 'pw', ...fast });
    const text = await readFile(good, 'utf8');
    const crypto = (JSON.parse(text) as { crypto: Record<string, unknown> }).crypto;
    const cases: Array<[string, string, string]> = [
      ['truncated', text.slice(0, text.length / 2), 'BAD_WALLET_FILE'],
      ['empty', '', 'BAD_WALLET_FILE'],
      ['foreign JSON', JSON.stringify({ name: 'package', version: '1.0.0' }), 'BAD_WALLET_FILE'],
      ['array', '[]', 'BAD_WALLET_FILE'],
      ['odd hex', JSON.stringify({ meta: {}, crypto: { ...crypto, cipherText: 'abc' } }), 'BAD_WALLET_FILE'],
      ['short iv', JSON.stringify({ meta: {}, crypto: { ...crypto, cipherParams: { iv: '00' } } }), 'BAD_WALLET_FILE'],
      ['other cipher', JSON.stringify({ meta: {}, crypto: { ...crypto, cipher: 'XOR' } }), 'UNSUPPORTED_FORMAT'],
      ['scrypt', JSON.stringify({ meta: {}, crypto: { ...crypto, kdf: 'scrypt' } }), 'UNSUPPORTED_FORMAT'],
      ['absurd iterations', JSON.stringify({ meta: {}, crypto: { ...crypto, kdfparams: { ...(crypto.kdfparams as object), iterations: 1e12 } } }), 'BAD_WALLET_FILE'],
      ['flipped ciphertext', text.replace(/"cipherText": "(.)/, (_, c: string) => `"cipherText": "${c === 'a' ? 'b' : 'a'}`), 'WRONG_PASSWORD'],
    ];
    for (const [name, body, expected] of cases) {
      const path = join(dir, `${name}.json`);
      await writeFile(path, body);
      assert.equal(await walletCode(WalletFile.open(path, 'pw', fast)), expected, name);
      assert.equal(await readFile(path, 'utf8'), body, `${name}: file untouched`);
    }
  });

  it('errors never carry the password or the phrase', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'w.json');
    const wallet = await WalletFile.create(path, { name: 'Main', mnemonic: FILM_MNEMONIC, password: 'SecretPw!', ...fast });
    const messages: string[] = [];
    const record = (err: unknown) => messages.push((err as Error).message, JSON.stringify(err));
    await WalletFile.open(path, 'SecretPw?', fast).catch(record);
    try {
      wallet.addContact('x', 'not-an-address', 'sm');
    } catch (err) {
      record(err);
    }
    assert.equal(messages.length, 4);
    for (const m of messages) {
      assert.ok(!m.includes('SecretPw'), m);
      for (const w of FILM_MNEMONIC.split(' ')) assert.ok(!m.includes(` ${w} `), m);
    }
  });
});

describe('unlocked wallet operations', () => {
  it('accounts, contacts, rename and change password', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'w.json');
    const wallet = await WalletFile.create(path, { name: 'Main', mnemonic: FILM_MNEMONIC, password: 'old', ...fast });
    const added = wallet.addAccount('Savings');
    assert.equal(added.index, 1);
    assert.equal(added.path, "m/44'/540'/0'/0'/1'");
    wallet.renameAccount(0, 'Daily');
    assert.throws(() => wallet.renameAccount(5, 'x'), (err) => err instanceof WalletError && err.code === 'NOT_FOUND');
    assert.throws(() => wallet.renameAccount(0, ' '), (err) => err instanceof WalletError && err.code === 'INVALID_NAME');
    wallet.addContact('Alice', FILM_ADDRESS_0, 'sm');
    assert.throws(() => wallet.addContact('Alice again', FILM_ADDRESS_0, 'sm'), (err) => err instanceof WalletError && err.code === 'ALREADY_EXISTS');
    assert.throws(() => wallet.addContact('Bob', FILM_ADDRESS_0.replace('sm1', 'stest1'), 'sm'));
    assert.throws(() => wallet.addContact('Bob', FILM_ADDRESS_0, 'stest'), /network "sm"/);
    wallet.rename('Renamed');
    await wallet.save();
    await wallet.changePassword('new');
    assert.equal(await walletCode(WalletFile.open(path, 'old', fast)), 'WRONG_PASSWORD');
    const reopened = await WalletFile.open(path, 'new', fast);
    assert.deepEqual(reopened.accounts().map((a) => a.displayName), ['Daily', 'Savings']);
    assert.deepEqual(reopened.contacts(), [{ address: FILM_ADDRESS_0, nickname: 'Alice' }]);
    assert.equal(reopened.meta.displayName, 'Renamed');
    reopened.removeContact(FILM_ADDRESS_0);
    assert.deepEqual(reopened.contacts(), []);
    assert.throws(() => reopened.removeContact(FILM_ADDRESS_0), WalletError);
  });

  it('a password change leaves no file the old password opens: the kept .bak is re-encrypted too (issue #17)', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'w.json');
    const wallet = await WalletFile.create(path, { name: 'Main', mnemonic: FILM_MNEMONIC, password: 'old', ...fast });
    wallet.addAccount('Savings');
    await wallet.save(); // the .bak now holds the first version, under the old password
    assert.equal((await WalletFile.open(`${path}.bak`, 'old', fast)).accounts().length, 1);
    await wallet.changePassword('new');
    const files = await readdir(dir);
    assert.deepEqual(files.sort(), ['w.json', 'w.json.bak']);
    for (const name of files) {
      assert.equal(await walletCode(WalletFile.open(join(dir, name), 'old', fast)), 'WRONG_PASSWORD', `${name} still opens with the old password`);
      const reopened = await WalletFile.open(join(dir, name), 'new', fast);
      assert.deepEqual(reopened.accounts().map((a) => a.displayName), ['Main Account', 'Savings'], name);
    }
    // The .bak goes on being the previous version after the next save.
    wallet.addAccount('Third');
    await wallet.save();
    assert.equal((await WalletFile.open(`${path}.bak`, 'new', fast)).accounts().length, 2);
  });

  it('lock forgets the secrets until unlocked with the right password', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'w.json');
    const wallet = await WalletFile.create(path, { name: 'Main', mnemonic: FILM_MNEMONIC, password: 'pw', ...fast });
    wallet.lock();
    assert.ok(wallet.locked);
    for (const use of [() => wallet.accounts(), () => wallet.revealMnemonic(), () => wallet.signer(0, new Uint8Array(20)), () => wallet.addAccount()]) {
      assert.throws(use, (err) => err instanceof WalletError && err.code === 'WALLET_LOCKED');
    }
    await assert.rejects(wallet.save(), (err: unknown) => err instanceof WalletError && err.code === 'WALLET_LOCKED');
    assert.equal(await walletCode(wallet.unlock('nope')), 'WRONG_PASSWORD');
    assert.ok(wallet.locked);
    await wallet.unlock('pw');
    assert.equal(wallet.revealMnemonic(), FILM_MNEMONIC);
    assert.equal(JSON.stringify(wallet.signer(0, new Uint8Array(20))).includes('publicKey'), true);
  });

  it('reads the public part without the password', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'w.json');
    await WalletFile.create(path, { name: 'Visible', mnemonic: FILM_MNEMONIC, password: 'pw', ...fast });
    assert.equal((await WalletFile.readMeta(path)).displayName, 'Visible');
  });
});
