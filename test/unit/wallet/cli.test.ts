/**
 * `smesher wallet` end to end in-process through `main(argv, io)`: output formats, password sources, the
 * recovery phrase shown only on request, bad input giving one clear line and changing nothing, import of
 * smapp-format files, and balance/send through a fake node behind the wallet's node port.
 * @module
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CommandIO } from '../../../core/bin/cli.js';
import { createWalletCommand } from '../../../core/bin/commands/wallet.js';
import { main } from '../../../core/bin/main.js';
import { walletPrincipal } from '../../../core/types/templates.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import type { NodeAccountState, WalletNodeConnection } from '../../../core/wallet/interface.js';
import { accountAddress, deriveAccountKey } from '../../../core/wallet/keys.js';
import { WalletFile } from '../../../core/wallet/keystore/walletFile.js';
import { mnemonicToSeed } from '../../../core/wallet/mnemonic.js';
import { decodeWalletTx } from '../../../core/vm/txCodec.js';
import { FILM_ADDRESS_0, FILM_MNEMONIC, TEST_ITERATIONS, tempDir } from './helpers.js';
import { smappEncryptGcm, smappEncryptLegacy } from './smappReference.js';

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function run(argv: string[], env: Record<string, string> = {}, command?: ReturnType<typeof createWalletCommand>): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env };
  const code = command === undefined ? await main(argv, io) : await runCommand(command, argv, io);
  return { code, out, err };
}

/** Runs an injected command the way main does (one-line error, exit code) without touching the registry. */
async function runCommand(command: ReturnType<typeof createWalletCommand>, argv: string[], io: CommandIO): Promise<number> {
  try {
    return await command.run(argv.slice(1), io);
  } catch (e) {
    io.stderr(`smesher wallet: ${(e as Error).message}`);
    return 1;
  }
}

const sha = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');
const PW = { SMESHER_PASSWORD: 'correct horse' };
const FILM_ADDRESS_1 = accountAddress(deriveAccountKey(mnemonicToSeed(FILM_MNEMONIC), 1).publicKey, 'sm');

describe('smesher wallet address', () => {
  const MN = { SMESHER_MNEMONIC: FILM_MNEMONIC };

  it('prints the bech32 address of an account of a recovery phrase from the environment', async () => {
    assert.deepEqual((await run(['wallet', 'address'], MN)).out, [FILM_ADDRESS_0]);
    assert.deepEqual((await run(['wallet', 'address', '--index', '1'], MN)).out, [FILM_ADDRESS_1]);
    const stest = (await run(['wallet', 'address', '--hrp', 'stest'], MN)).out[0]!;
    assert.match(stest, /^stest1/);
    assert.match((await run(['wallet', 'address', '--preset', 'standalone'], MN)).out[0]!, /^standalone1/);
    const json = JSON.parse((await run(['wallet', 'address', '--json'], MN)).out[0]!) as Record<string, unknown>;
    assert.deepEqual(json, { index: 0, path: "m/44'/540'/0'/0'/0'", address: FILM_ADDRESS_0, publicKey: 'de30fc9b812248583da6259433626fcdd2cb5ce589b00047b81e127950b9bca6' });
  });

  it('reads the phrase from a file or a prompt as well', async (t) => {
    const dir = await tempDir(t);
    const file = join(dir, 'phrase.txt');
    await writeFile(file, `${FILM_MNEMONIC.split(' ').join('\n')}\n`);
    assert.deepEqual((await run(['wallet', 'address', '--mnemonic-file', file])).out, [FILM_ADDRESS_0]);
    const asked: string[] = [];
    const prompted = createWalletCommand({ prompt: (label) => (asked.push(label), Promise.resolve(FILM_MNEMONIC)) });
    assert.deepEqual((await run(['wallet', 'address', '--index', '1'], {}, prompted)).out, [FILM_ADDRESS_1]);
    assert.deepEqual(asked, ['Recovery phrase: ']);
  });

  it('never takes the phrase from the command line (ps and shell history would show it)', async () => {
    const r = await run(['wallet', 'address', '--mnemonic', FILM_MNEMONIC]);
    assert.equal(r.code, 2);
    assert.equal(r.err.length, 1);
    assert.match(r.err[0]!, /--mnemonic is not accepted.*--mnemonic-file/);
    assert.ok(!r.err[0]!.includes('cheese'), 'the words are not echoed');
    assert.deepEqual(r.out, []);
  });

  it('bad input: one clear line, non-zero exit, no words echoed', async () => {
    const badChecksum = FILM_MNEMONIC.replace(/pudding$/, 'shove');
    const r = await run(['wallet', 'address'], { SMESHER_MNEMONIC: badChecksum });
    assert.equal(r.code, 1);
    assert.equal(r.err.length, 1);
    assert.match(r.err[0]!, /checksum/);
    assert.ok(!r.err[0]!.includes('cheese'));
    const none = await run(['wallet', 'address']);
    assert.equal(none.code, 1);
    assert.match(none.err[0]!, /no recovery phrase: use --mnemonic-file FILE or set SMESHER_MNEMONIC/);
    assert.equal((await run(['wallet', 'address', '--index', '-1'], MN)).code, 2);
    assert.equal((await run(['wallet', 'address', '--hrp', 'SM'], MN)).code, 2);
    assert.equal((await run(['wallet', 'bogus'])).code, 2);
    assert.equal((await run(['wallet', 'address', '--password', 'x'], MN)).code, 2, 'no password flag exists');
  });
});

describe('smesher wallet new / restore / accounts', () => {
  it('new creates an encrypted 0600 wallet and shows the phrase only on request', async (t) => {
    const dir = await tempDir(t);
    const r = await run(['wallet', 'new', '--data-dir', dir, '--words', '24'], PW);
    assert.equal(r.code, 0, r.err.join('\n'));
    const path = join(dir, 'wallets', 'main-wallet.json');
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const wallet = await WalletFile.open(path, PW.SMESHER_PASSWORD);
    const mnemonic = wallet.revealMnemonic();
    assert.equal(mnemonic.split(' ').length, 24);
    const printed = [...r.out, ...r.err].join('\n');
    assert.ok(!printed.includes(mnemonic.split(' ').slice(0, 3).join(' ')), 'phrase not shown without --show-mnemonic');
    assert.ok(r.out.join('\n').includes(accountAddress(wallet.accounts()[0]!.publicKey, 'sm')));

    const shown = await run(['wallet', 'accounts', '--data-dir', dir, '--show-mnemonic', '--json'], PW);
    assert.equal((JSON.parse(shown.out[0]!) as { mnemonic: string }).mnemonic, mnemonic);

    const hash = await sha(path);
    const again = await run(['wallet', 'new', '--data-dir', dir], PW);
    assert.equal(again.code, 1);
    assert.match(again.err[0]!, /already exists/);
    assert.equal(await sha(path), hash);
  });

  it('restore reads the phrase from a file, validates it first, and reproduces the addresses', async (t) => {
    const dir = await tempDir(t);
    const phraseFile = join(dir, 'phrase.txt');
    await writeFile(phraseFile, `${FILM_MNEMONIC.toUpperCase().split(' ').join('\n')}\n`);
    const r = await run(['wallet', 'restore', '--data-dir', dir, '--mnemonic-file', phraseFile, '--accounts', '2', '--name', 'Restored', '--json'], PW);
    assert.equal(r.code, 0, r.err.join('\n'));
    const listed = JSON.parse(r.out[0]!) as { name: string; accounts: Array<{ address: string }> };
    assert.equal(listed.name, 'Restored');
    assert.deepEqual(listed.accounts.map((a) => a.address), [FILM_ADDRESS_0, FILM_ADDRESS_1]);
    assert.ok(!('mnemonic' in listed));

    const badFile = join(dir, 'bad.txt');
    await writeFile(badFile, FILM_MNEMONIC.replace('cheese', 'cheeze'));
    const other = await tempDir(t);
    const bad = await run(['wallet', 'restore', '--data-dir', other, '--mnemonic-file', badFile], PW);
    assert.equal(bad.code, 1);
    assert.match(bad.err[0]!, /word 3 is not in the BIP-39/);
    assert.deepEqual(await readdir(other), [], 'nothing written');
  });

  it('accounts --add / --rename, wrong password and password files', async (t) => {
    const dir = await tempDir(t);
    const pwFile = join(dir, 'pw.txt');
    await writeFile(pwFile, 'file password\n');
    assert.equal((await run(['wallet', 'restore', '--data-dir', dir, '--password-file', pwFile], { SMESHER_MNEMONIC: FILM_MNEMONIC })).code, 0);
    const path = join(dir, 'wallets', 'main-wallet.json');
    const add = await run(['wallet', 'accounts', '--data-dir', dir, '--password-file', pwFile, '--add', '--name', 'Savings']);
    assert.equal(add.code, 0, add.err.join('\n'));
    assert.match(add.out.join('\n'), new RegExp(`1  ${FILM_ADDRESS_1}  m/44'/540'/0'/0'/1'  Savings`));
    assert.equal((await run(['wallet', 'accounts', '--data-dir', dir, '--password-file', pwFile, '--rename', '0', '--name', 'Daily'])).code, 0);
    const list = JSON.parse((await run(['wallet', 'accounts', '--data-dir', dir, '--json', '--wallet', 'Main Wallet'], { SMESHER_PASSWORD: 'file password' })).out[0]!) as { accounts: Array<{ name: string }> };
    assert.deepEqual(list.accounts.map((a) => a.name), ['Daily', 'Savings']);

    const hash = await sha(path);
    const wrong = await run(['wallet', 'accounts', '--data-dir', dir, '--add'], { SMESHER_PASSWORD: 'nope' });
    assert.equal(wrong.code, 1);
    assert.deepEqual(wrong.err, ['smesher wallet: wrong password']);
    assert.equal(await sha(path), hash, 'file untouched');
    const missing = await run(['wallet', 'accounts', '--data-dir', dir, '--password-file', join(dir, 'none.txt')]);
    assert.equal(missing.code, 1);
    assert.match(missing.err[0]!, /cannot read the password file/);
  });

  it('passwd and contacts', async (t) => {
    const dir = await tempDir(t);
    assert.equal((await run(['wallet', 'restore', '--data-dir', dir], { ...PW, SMESHER_MNEMONIC: FILM_MNEMONIC })).code, 0);
    const r = await run(['wallet', 'passwd', '--data-dir', dir], { ...PW, SMESHER_NEW_PASSWORD: 'new one' });
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.equal((await run(['wallet', 'accounts', '--data-dir', dir], PW)).code, 1);
    const env = { SMESHER_PASSWORD: 'new one' };
    assert.equal((await run(['wallet', 'contacts', '--data-dir', dir, '--add', FILM_ADDRESS_1, '--name', 'Bob'], env)).code, 0);
    const wrongNet = await run(['wallet', 'contacts', '--data-dir', dir, '--add', FILM_ADDRESS_1, '--name', 'Bob', '--hrp', 'stest'], env);
    assert.equal(wrongNet.code, 1);
    assert.match(wrongNet.err[0]!, /network "sm", expected "stest"/);
    assert.deepEqual(JSON.parse((await run(['wallet', 'contacts', '--data-dir', dir, '--json'], env)).out[0]!), [{ nickname: 'Bob', address: FILM_ADDRESS_1 }]);
    assert.equal((await run(['wallet', 'contacts', '--data-dir', dir, '--remove', FILM_ADDRESS_1], env)).code, 0);
    assert.deepEqual(JSON.parse((await run(['wallet', 'contacts', '--data-dir', dir, '--json'], env)).out[0]!), []);
  });
});

describe('smesher wallet import-smapp', () => {
  const secrets = () => {
    const key = deriveAccountKey(mnemonicToSeed(FILM_MNEMONIC), 0);
    const secretKey = bytesToHex(key.secretKey) + bytesToHex(key.publicKey);
    return { mnemonic: FILM_MNEMONIC, accounts: [{ displayName: 'Main Account', created: '2024-05-01T10-00-00.000Z', path: "m/44'/540'/0'/0'/0'", publicKey: bytesToHex(key.publicKey), secretKey }], contacts: [] };
  };
  const meta = { displayName: 'My smapp wallet', created: '2024-05-01T10-00-00.000Z', type: 'local-node', genesisID: '0x9eebff02', remoteApi: '' };

  it('lists a GCM file as JSON and copies it into the wallets folder; a wrong password writes nothing', async (t) => {
    const dir = await tempDir(t);
    const file = join(dir, 'wallet_my.json');
    await writeFile(file, JSON.stringify({ meta, crypto: await smappEncryptGcm(secrets(), 'smapp', new Uint8Array(16).fill(1), TEST_ITERATIONS) }));
    const hash = await sha(file);
    const r = await run(['wallet', 'import-smapp', file, '--json', '--data-dir', dir], { SMESHER_PASSWORD: 'smapp' });
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.deepEqual(JSON.parse(r.out[0]!), { name: 'My smapp wallet', accounts: [{ path: "m/44'/540'/0'/0'/0'", address: FILM_ADDRESS_0 }], mnemonicValid: true });
    assert.equal(await sha(file), hash, 'the smapp file is only read');
    const copy = await WalletFile.open(join(dir, 'wallets', 'my-smapp-wallet.json'), 'smapp');
    assert.equal(copy.revealMnemonic(), FILM_MNEMONIC);
    const again = await run(['wallet', 'import-smapp', file, '--data-dir', dir], { SMESHER_PASSWORD: 'smapp' });
    assert.equal(again.code, 1, 'a second import under the same name is refused');
    const wrong = await run(['wallet', 'import-smapp', file, '--data-dir', dir, '--name', 'Other'], { SMESHER_PASSWORD: 'nope' });
    assert.deepEqual([wrong.code, wrong.err], [1, ['smesher wallet: wrong password']]);
    assert.deepEqual(await readdir(join(dir, 'wallets')), ['my-smapp-wallet.json'], 'nothing written on a wrong password');
  });

  it('lists a legacy CTR file; foreign files fail cleanly', async (t) => {
    const dir = await tempDir(t);
    const file = join(dir, 'legacy.json');
    await writeFile(file, JSON.stringify({ meta, crypto: await smappEncryptLegacy({ ...secrets(), mnemonic: 'not a bip39 phrase' }, 'legacy') }));
    const r = await run(['wallet', 'import-smapp', file, '--json', '--dry-run', '--data-dir', dir], { SMESHER_PASSWORD: 'legacy' });
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.deepEqual(JSON.parse(r.out[0]!), { name: 'My smapp wallet', accounts: [{ path: "m/44'/540'/0'/0'/0'", address: FILM_ADDRESS_0 }], mnemonicValid: false });
    assert.deepEqual((await readdir(dir)).sort(), ['legacy.json'], '--dry-run writes nothing');
    const foreign = join(dir, 'package.json');
    await writeFile(foreign, '{"name":"x"}');
    const f = await run(['wallet', 'import-smapp', foreign, '--data-dir', dir], { SMESHER_PASSWORD: 'x' });
    assert.equal(f.code, 1);
    assert.match(f.err[0]!, /not a wallet file/);
    assert.equal((await run(['wallet', 'import-smapp', '--data-dir', dir], PW)).code, 2);
  });
});

describe('smesher wallet balance / send', () => {
  it('without a node API they say so and change nothing', async (t) => {
    const dir = await tempDir(t);
    for (const argv of [['balance'], ['send', '--to', FILM_ADDRESS_1, '--amount', '1']]) {
      const r = await run(['wallet', ...argv, '--data-dir', dir], PW);
      assert.equal(r.code, 1);
      assert.match(r.err[0]!, /needs a running node's API/);
    }
    assert.deepEqual(await readdir(dir), []);
  });

  it('through the node port: balance, a first send that spawns, and refusals', async (t) => {
    const dir = await tempDir(t);
    assert.equal((await run(['wallet', 'restore', '--data-dir', dir], { ...PW, SMESHER_MNEMONIC: FILM_MNEMONIC })).code, 0);
    const principal = bytesToHex(walletPrincipal(deriveAccountKey(mnemonicToSeed(FILM_MNEMONIC), 0).publicKey));
    const state: NodeAccountState = { balance: 5_000_000_000n, nextNonce: 0n, spawned: false };
    const submitted: Uint8Array[] = [];
    const connection: WalletNodeConnection = {
      genesisId: new Uint8Array(20).fill(2),
      hrp: 'sm',
      api: {
        getAccount: (address) => Promise.resolve(bytesToHex(address) === principal ? state : { balance: 0n, nextNonce: 0n, spawned: false }),
        submitTransaction: (raw) => {
          submitted.push(raw);
          return Promise.resolve();
        },
      },
      close: () => Promise.resolve(),
    };
    const command = createWalletCommand({ connectNode: () => Promise.resolve(connection) });
    const noHistory = await run(['wallet', 'history', '--data-dir', dir], PW, command);
    assert.equal(noHistory.code, 1);
    assert.match(noHistory.err[0]!, /does not serve transaction history/);

    const balance = await run(['wallet', 'balance', '--data-dir', dir, '--json'], PW, command);
    assert.deepEqual(JSON.parse(balance.out[0]!), { index: 0, address: FILM_ADDRESS_0, balance: '5000000000', nextNonce: '0', spawned: false });

    const refusals: Array<[string[], RegExp]> = [
      [['--amount', '1.0000000001'], /more than 9 decimals/],
      [['--amount', '5'], /needs 5\.\d+ SMH/],
      [['--amount', '1', '--to', FILM_ADDRESS_1.replace(/^sm1/, 'stest1')], /not a valid bech32|network/],
      [['--amount', '1', '--gas-price', '0'], /--gas-price/],
    ];
    for (const [flags, message] of refusals) {
      const argv = flags.includes('--to') ? flags : [...flags, '--to', FILM_ADDRESS_1];
      const r = await run(['wallet', 'send', '--data-dir', dir, ...argv], PW, command);
      assert.equal(r.code, 1, flags.join(' '));
      assert.match(r.err[0]!, message);
    }
    assert.equal(submitted.length, 0, 'refused sends submit nothing');

    const dry = await run(['wallet', 'send', '--data-dir', dir, '--to', FILM_ADDRESS_1, '--amount', '1.5', '--dry-run'], PW, command);
    assert.equal(dry.code, 0, dry.err.join('\n'));
    assert.match(dry.out[0]!, /would submit spawn nonce 0/);
    assert.equal(submitted.length, 0);

    const sent = await run(['wallet', 'send', '--data-dir', dir, '--to', FILM_ADDRESS_1, '--amount', '1.5', '--json'], PW, command);
    assert.equal(sent.code, 0, sent.err.join('\n'));
    const report = JSON.parse(sent.out[0]!) as { amount: string; transactions: Array<{ method: string; nonce: string; id: string }>; submitted: boolean };
    assert.equal(report.amount, '1500000000');
    assert.deepEqual(report.transactions.map((tx) => [tx.method, tx.nonce]), [['spawn', '0'], ['spend', '1']]);
    assert.deepEqual(submitted.map((raw) => decodeWalletTx(raw).method), ['spawn', 'spend']);
    const spend = decodeWalletTx(submitted[1]!);
    assert.equal(spend.method === 'spend' ? spend.args.amount : 0n, 1_500_000_000n);

    const withHistory = createWalletCommand({
      connectNode: () =>
        Promise.resolve({
          ...connection,
          history: {
            listTransactions: () => Promise.resolve(submitted.map((raw, i) => ({ raw, status: 'applied' as const, layer: 30 + i }))),
            listRewards: () => Promise.resolve([{ layer: 29, total: 1000n, layerReward: 900n }]),
          },
        }),
    });
    const history = await run(['wallet', 'history', '--data-dir', dir, '--json'], PW, withHistory);
    assert.equal(history.code, 0, history.err.join('\n'));
    const rows = history.out.map((line) => JSON.parse(line) as { kind: string; layer: number; to?: string; amount?: string });
    assert.deepEqual(rows.map((r) => [r.kind, r.layer]), [['sent', 31], ['spawn', 30], ['reward', 29]]);
    assert.equal(rows[0]!.to, FILM_ADDRESS_1);
    const text = await run(['wallet', 'history', '--data-dir', dir], PW, withHistory);
    assert.match(text.out[0]!, /^layer 31 {2}sent {6}-1\.5 SMH to sm1/);
  });
});

describe('smesher --help', () => {
  it('lists the wallet command and its usage', async () => {
    assert.match((await run(['--help'])).out[0]!, /wallet/);
    const usage = (await run(['wallet', '--help'])).out[0]!;
    for (const sub of ['new', 'restore', 'address', 'accounts', 'balance', 'history', 'send', 'import-smapp']) assert.match(usage, new RegExp(`\\n  ${sub} `));
  });
});
