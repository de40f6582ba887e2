/**
 * Where secrets and wallet files come from: password/phrase sources in priority order, and which wallet file a
 * command means.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WalletError } from '../../../core/wallet/errors.js';
import { WalletFile } from '../../../core/wallet/keystore/walletFile.js';
import { readSecret } from '../../../core/wallet/secretInput.js';
import { listWalletFiles, resolveWalletPath, walletFileName, walletsDir } from '../../../core/wallet/walletDir.js';
import { FILM_MNEMONIC, TEST_ITERATIONS, tempDir } from './helpers.js';

const base = { envVar: 'SMESHER_PASSWORD', label: 'password', flagName: '--password-file' };

describe('readSecret', () => {
  it('prefers the file (first line), then the environment, then the prompt', async (t) => {
    const dir = await tempDir(t);
    const file = join(dir, 'pw');
    await writeFile(file, 'from file\r\nsecond line\n');
    const prompt = () => Promise.resolve('from prompt');
    assert.equal(await readSecret({ ...base, file, env: { SMESHER_PASSWORD: 'from env' }, prompt }), 'from file');
    assert.equal(await readSecret({ ...base, env: { SMESHER_PASSWORD: 'from env' }, prompt }), 'from env');
    assert.equal(await readSecret({ ...base, env: {}, prompt }), 'from prompt');
    await writeFile(file, 'word one\nword two\n');
    assert.equal(await readSecret({ ...base, file, env: {}, wholeFile: true }), 'word one\nword two');
  });

  it('refuses missing sources, empty answers and mismatched confirmations', async (t) => {
    const dir = await tempDir(t);
    const refuse = async (promise: Promise<string>, message: RegExp) =>
      assert.rejects(promise, (err: unknown) => err instanceof WalletError && err.code === 'INVALID_PASSWORD' && message.test(err.message));
    await refuse(readSecret({ ...base, env: {} }), /use --password-file FILE or set SMESHER_PASSWORD/);
    await refuse(readSecret({ ...base, env: {}, file: join(dir, 'missing') }), /cannot read the password file .*ENOENT/);
    await writeFile(join(dir, 'empty'), '\n');
    await refuse(readSecret({ ...base, env: {}, file: join(dir, 'empty') }), /empty/);
    const answers = ['one', 'two'];
    await refuse(readSecret({ ...base, env: {}, confirm: true, prompt: () => Promise.resolve(answers.shift()!) }), /differ/);
  });
});

describe('wallet folder', () => {
  it('names files from wallet names', () => {
    assert.equal(walletFileName('Main Wallet'), 'main-wallet.json');
    assert.equal(walletFileName('  Ünïcode / ../etc  '), 'unicode-etc.json');
    assert.equal(walletFileName('***'), 'wallet.json');
  });

  it('finds the only wallet, or the one named, and explains otherwise', async (t) => {
    const dataDir = await tempDir(t);
    await assert.rejects(resolveWalletPath(dataDir), /no wallet in .*smesher wallet new/);
    await mkdir(walletsDir(dataDir), { recursive: true });
    const options = { mnemonic: FILM_MNEMONIC, password: 'pw', kdfIterations: TEST_ITERATIONS };
    const first = join(walletsDir(dataDir), 'first.json');
    await WalletFile.create(first, { name: 'Savings Box', ...options });
    assert.equal(await resolveWalletPath(dataDir), first);
    const second = join(walletsDir(dataDir), 'second.json');
    await WalletFile.create(second, { name: 'Other', ...options });
    await writeFile(join(walletsDir(dataDir), 'second.json.bak'), '');
    assert.deepEqual(await listWalletFiles(dataDir), [first, second]);
    await assert.rejects(resolveWalletPath(dataDir), /2 wallets .* --wallet NAME/);
    assert.equal(await resolveWalletPath(dataDir, 'Savings Box'), first);
    assert.equal(await resolveWalletPath(dataDir, 'second.json'), second);
    assert.equal(await resolveWalletPath(dataDir, second), second);
    await assert.rejects(resolveWalletPath(dataDir, 'nope'), (err: unknown) => err instanceof WalletError && err.code === 'NOT_FOUND');
    await assert.rejects(resolveWalletPath(dataDir, join(dataDir, 'x.json')), /no wallet file at/);
  });
});
