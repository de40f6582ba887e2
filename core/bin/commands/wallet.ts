/**
 * `smesher wallet`: create, restore and inspect wallets, import smapp wallet files, and (through a node) show
 * balances and send coins. Passwords come from `--password-file`, `SMESHER_PASSWORD` or a hidden prompt, never a
 * flag; recovery phrases come the same ways (a file, `SMESHER_MNEMONIC`, a prompt), never from the command line, and
 * are printed only with `--show-mnemonic`. Balance and send reach the node through the
 * wallet's `ConnectWalletNode` port, which the host supplies; without one they say so and change nothing. I/O.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getPreset } from '../../params/presets.js';
import { decodeAddress } from '../../types/address.js';
import { walletPrincipal } from '../../types/templates.js';
import { bytesToHex } from '../../util/bytes.js';
import { formatSmh, parseSmh } from '../../wallet/amount.js';
import { WalletError } from '../../wallet/errors.js';
import { type HistoryEntry, buildHistory, historyEntryToJson } from '../../wallet/history.js';
import { summarizeWallet } from '../../wallet/importSmapp.js';
import type { ConnectWalletNode, WalletNodeConnection } from '../../wallet/interface.js';
import { accountAddress, deriveAccountKey } from '../../wallet/keys.js';
import { WalletFile } from '../../wallet/keystore/walletFile.js';
import { type RandomBytes, checkMnemonic, generateMnemonic, mnemonicToSeed } from '../../wallet/mnemonic.js';
import { type SecretPrompt, readSecret, terminalPrompt } from '../../wallet/secretInput.js';
import { type PreparedSend, prepareSend, submitPrepared } from '../../wallet/send.js';
import { ensureWalletsDir, resolveWalletPath, walletFileName } from '../../wallet/walletDir.js';
import { type Command, type CommandIO, type FlagOptions, UsageError, intFlag, parseFlags, requiredFlag } from '../cli.js';
import { defaultDataDir } from '../../node/defaultDataDir.js';

export interface WalletCommandDeps {
  /** Reaches the node for `balance` and `send`. Absent until the node API exists (issues "Node core II", "Host"). */
  readonly connectNode?: ConnectWalletNode;
  /** Hidden-input prompt; default: the terminal when stdin is one. */
  readonly prompt?: SecretPrompt;
  readonly random?: RandomBytes;
  readonly now?: () => number;
}

const USAGE = `smesher wallet <subcommand> [flags]

  new           [--words 12|24] [--name N] [--accounts N] [--show-mnemonic] [--json]
  restore       [--mnemonic-file F] [--name N] [--accounts N] [--json]
  address       [--mnemonic-file F] [--index I] [--hrp sm]      prints the account's bech32 address
  accounts      [--add [--name N]] [--rename I --name N] [--show-mnemonic] [--json]
  balance       [--account I] [--json]
  history       [--account I] [--json]                           sent, received, spawns and rewards
  send          --to ADDRESS --amount SMH [--account I] [--gas-price SMIDGE] [--dry-run] [--json]
  import-smapp  FILE [--name N] [--dry-run] [--json]  -> {"name","accounts":[{"path","address"}],"mnemonicValid"}
  contacts      [--add ADDRESS --name N] [--remove ADDRESS] [--json]
  passwd        [--new-password-file F]                          change the wallet's password

Common flags:
  --data-dir D         data folder (wallets live in D/wallets; default: the OS's per-user app data folder)
  --wallet W           wallet file path, file name or wallet name (default: the only wallet in D/wallets)
  --password-file F    read the password from the first line of F (else SMESHER_PASSWORD, else a prompt)
  --hrp H, --preset P  address prefix, or the preset's (default: sm, mainnet)

The recovery phrase is shown only with --show-mnemonic. Amounts are in SMH with at most 9 decimals
(1 SMH = 10^9 smidge). A send from an account that was never used spawns it first: two transactions, both
shown with their fees before they are submitted. New wallet files are AES-256-GCM with PBKDF2-SHA512
(210,000 iterations), written atomically with the previous copy kept as .bak (passwd re-encrypts that copy too);
restore and address read the recovery phrase from --mnemonic-file F, SMESHER_MNEMONIC or a prompt, never from
the command line.`;

const COMMON = {
  'data-dir': { type: 'string' },
  wallet: { type: 'string' },
  'password-file': { type: 'string' },
  hrp: { type: 'string' },
  preset: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies FlagOptions;

type Common = { [K in keyof typeof COMMON]?: (typeof COMMON)[K]['type'] extends 'string' ? string : boolean };

interface Ctx {
  readonly io: CommandIO;
  readonly deps: WalletCommandDeps;
  readonly flags: Common;
  readonly dataDir: string;
  readonly hrp: string;
}

type Sub = (args: readonly string[], io: CommandIO, deps: WalletCommandDeps) => Promise<number>;

/** The `wallet` command with its ports; tests and hosts pass a node connector and a prompt. */
export function createWalletCommand(deps: WalletCommandDeps = {}): Command {
  const subs: Record<string, Sub> = {
    new: runNew,
    restore: runRestore,
    address: runAddress,
    accounts: runAccounts,
    balance: runBalance,
    history: runHistory,
    send: runSend,
    'import-smapp': runImportSmapp,
    contacts: runContacts,
    passwd: runPasswd,
  };
  return {
    name: 'wallet',
    summary: 'create, restore and import wallets; addresses, balances and sends',
    usage: USAGE,
    run(args, io) {
      const [name, ...rest] = args;
      const sub = name === undefined ? undefined : subs[name];
      if (sub === undefined) {
        throw new UsageError(`${name === undefined ? 'missing subcommand' : `unknown subcommand "${name}"`}; expected one of: ${Object.keys(subs).join(', ')}`);
      }
      return sub(rest, io, deps);
    },
  };
}

function context<O extends FlagOptions>(args: readonly string[], io: CommandIO, deps: WalletCommandDeps, options: O, positionals = false) {
  const parsed = parseFlags(args, { ...COMMON, ...options }, positionals);
  const flags = parsed.values as Common;
  const ctx: Ctx = { io, deps, flags, dataDir: flags['data-dir'] ?? defaultDataDir(io.env), hrp: hrpOf(flags) };
  return { ctx, values: parsed.values, positionals: parsed.positionals };
}

function hrpOf(flags: Common): string {
  if (flags.hrp !== undefined) {
    if (!/^[a-z0-9]{1,83}$/.test(flags.hrp)) throw new UsageError(`--hrp must be lower-case letters and digits, got "${flags.hrp}"`);
    return flags.hrp;
  }
  if (flags.preset !== undefined) {
    try {
      return getPreset(flags.preset).hrp;
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  return 'sm';
}

function password(ctx: Ctx, confirm = false): Promise<string> {
  return readSecret({
    file: ctx.flags['password-file'],
    env: ctx.io.env,
    envVar: 'SMESHER_PASSWORD',
    prompt: ctx.deps.prompt ?? terminalPrompt(),
    label: 'password',
    confirm,
    flagName: '--password-file',
  });
}

async function openWallet(ctx: Ctx): Promise<WalletFile> {
  const path = await resolveWalletPath(ctx.dataDir, ctx.flags.wallet);
  return WalletFile.open(path, await password(ctx), walletOptions(ctx.deps));
}

function walletOptions(deps: WalletCommandDeps) {
  return { random: deps.random ?? ((n: number) => new Uint8Array(randomBytes(n))), ...(deps.now ? { now: deps.now } : {}) };
}

/** Runs `body` with the wallet open and locks it afterwards, whatever happens. */
async function withWallet<T>(ctx: Ctx, body: (wallet: WalletFile) => Promise<T>): Promise<T> {
  const wallet = await openWallet(ctx);
  try {
    return await body(wallet);
  } finally {
    wallet.lock();
  }
}

function printAccounts(ctx: Ctx, wallet: WalletFile, showMnemonic: boolean): void {
  const accounts = wallet.accounts().map((a) => ({ index: a.index, name: a.displayName, path: a.path, address: accountAddress(a.publicKey, ctx.hrp) }));
  const mnemonic = showMnemonic ? wallet.revealMnemonic() : undefined;
  if (ctx.flags.json === true) {
    ctx.io.stdout(JSON.stringify({ name: wallet.meta.displayName, file: wallet.path, accounts, ...(mnemonic === undefined ? {} : { mnemonic }) }));
    return;
  }
  ctx.io.stdout(`wallet "${wallet.meta.displayName}" (${wallet.path})`);
  for (const a of accounts) ctx.io.stdout(`  ${a.index}  ${a.address}  ${a.path}  ${a.name}`);
  if (mnemonic !== undefined) ctx.io.stdout(`recovery phrase: ${mnemonic}`);
}

async function newWalletPath(ctx: Ctx, name: string): Promise<string> {
  return join(await ensureWalletsDir(ctx.dataDir), walletFileName(name));
}

const CREATE_FLAGS = { name: { type: 'string' }, accounts: { type: 'string' }, 'show-mnemonic': { type: 'boolean' } } as const;

async function createFromMnemonic(ctx: Ctx, values: { name?: string; accounts?: string; 'show-mnemonic'?: boolean }, mnemonic: string): Promise<number> {
  const name = values.name ?? 'Main Wallet';
  const accounts = intFlag(values.accounts, 'accounts', 1, 100, 1);
  const path = await newWalletPath(ctx, name);
  // Checked before asking for a password; WalletFile.create checks again, race-free enough for one user.
  if (existsSync(path)) throw new WalletError('ALREADY_EXISTS', `${path} already exists; choose another --name`);
  const wallet = await WalletFile.create(path, { name, mnemonic, password: await password(ctx, true), accounts, ...walletOptions(ctx.deps) });
  try {
    printAccounts(ctx, wallet, values['show-mnemonic'] === true);
    if (values['show-mnemonic'] !== true) ctx.io.stderr('back up the recovery phrase: smesher wallet accounts --show-mnemonic');
  } finally {
    wallet.lock();
  }
  return 0;
}

const runNew: Sub = async (args, io, deps) => {
  const { ctx, values } = context(args, io, deps, { ...CREATE_FLAGS, words: { type: 'string' } });
  const words = intFlag(values.words, 'words', 12, 24, 12);
  if (words !== 12 && words !== 24) throw new UsageError(`--words must be 12 or 24, got ${words}`);
  const random = deps.random ?? ((n: number) => new Uint8Array(randomBytes(n)));
  return createFromMnemonic(ctx, values, generateMnemonic(words, random));
};

/** A recovery phrase from `--mnemonic-file`, SMESHER_MNEMONIC or the prompt: never from the command line. */
function readMnemonic(file: string | undefined, io: CommandIO, deps: WalletCommandDeps): Promise<string> {
  return readSecret({
    file,
    env: io.env,
    envVar: 'SMESHER_MNEMONIC',
    prompt: deps.prompt ?? terminalPrompt(),
    label: 'recovery phrase',
    flagName: '--mnemonic-file',
    wholeFile: true,
  });
}

const runRestore: Sub = async (args, io, deps) => {
  const { ctx, values } = context(args, io, deps, { ...CREATE_FLAGS, 'mnemonic-file': { type: 'string' } });
  const phrase = await readMnemonic(values['mnemonic-file'], io, deps);
  // Checked before the password is asked for: a typo is reported at once and nothing is written.
  return createFromMnemonic(ctx, values, checkMnemonic(phrase));
};

const runAddress: Sub = async (args, io, deps) => {
  const { ctx, values } = context(args, io, deps, { mnemonic: { type: 'string' }, 'mnemonic-file': { type: 'string' }, index: { type: 'string' } });
  if (values.mnemonic !== undefined) {
    // Other users see a process's arguments (ps), and shells keep them in their history.
    throw new UsageError('--mnemonic is not accepted: a recovery phrase on the command line is visible to other programs; use --mnemonic-file F, SMESHER_MNEMONIC or the prompt');
  }
  const index = intFlag(values.index, 'index', 0, 0x7fff_ffff, 0);
  const phrase = await readMnemonic(values['mnemonic-file'], io, deps);
  const seed = mnemonicToSeed(phrase);
  const key = deriveAccountKey(seed, index);
  seed.fill(0);
  key.secretKey.fill(0);
  const address = accountAddress(key.publicKey, ctx.hrp);
  io.stdout(ctx.flags.json === true ? JSON.stringify({ index, path: key.path, address, publicKey: bytesToHex(key.publicKey) }) : address);
  return 0;
};

const runAccounts: Sub = async (args, io, deps) => {
  const { ctx, values } = context(args, io, deps, {
    add: { type: 'boolean' },
    rename: { type: 'string' },
    name: { type: 'string' },
    'show-mnemonic': { type: 'boolean' },
  });
  if (values.add === true && values.rename !== undefined) throw new UsageError('use --add or --rename, not both');
  const rename = values.rename === undefined ? undefined : intFlag(values.rename, 'rename', 0, 1_000_000);
  if (rename !== undefined && values.name === undefined) throw new UsageError('--rename needs --name');
  return withWallet(ctx, async (wallet) => {
    if (values.add === true) wallet.addAccount(values.name);
    if (rename !== undefined) wallet.renameAccount(rename, values.name!);
    if (values.add === true || rename !== undefined) await wallet.save();
    printAccounts(ctx, wallet, values['show-mnemonic'] === true);
    return 0;
  });
};

async function connect(ctx: Ctx, what: string): Promise<WalletNodeConnection> {
  if (ctx.deps.connectNode === undefined) {
    throw new WalletError('NODE_ERROR', `wallet ${what} needs a running node's API, which this build does not have yet; addresses, accounts and imports work offline`);
  }
  return ctx.deps.connectNode({ dataDir: ctx.dataDir, preset: ctx.flags.preset ?? 'standalone' });
}

const runBalance: Sub = async (args, io, deps) => {
  const { ctx, values } = context(args, io, deps, { account: { type: 'string' } });
  const only = values.account === undefined ? undefined : intFlag(values.account, 'account', 0, 1_000_000);
  const conn = await connect(ctx, 'balance');
  try {
    return await withWallet(ctx, async (wallet) => {
      const accounts = wallet.accounts().filter((a) => only === undefined || a.index === only);
      if (accounts.length === 0) throw new WalletError('NOT_FOUND', `no account ${only} in this wallet`);
      for (const a of accounts) {
        const state = await conn.api.getAccount(walletPrincipal(a.publicKey));
        const address = accountAddress(a.publicKey, conn.hrp);
        io.stdout(
          ctx.flags.json === true
            ? JSON.stringify({ index: a.index, address, balance: state.balance.toString(), nextNonce: state.nextNonce.toString(), spawned: state.spawned })
            : `${a.index}  ${address}  ${formatSmh(state.balance)} SMH  nonce ${state.nextNonce}${state.spawned ? '' : '  (not spawned yet)'}`,
        );
      }
      return 0;
    });
  } finally {
    await conn.close();
  }
};

const runHistory: Sub = async (args, io, deps) => {
  const { ctx, values } = context(args, io, deps, { account: { type: 'string' } });
  const index = intFlag(values.account, 'account', 0, 1_000_000, 0);
  const conn = await connect(ctx, 'history');
  try {
    const history = conn.history;
    if (history === undefined) throw new WalletError('NODE_ERROR', 'this node does not serve transaction history');
    return await withWallet(ctx, async (wallet) => {
      const account = wallet.accounts()[index];
      if (account === undefined) throw new WalletError('NOT_FOUND', `no account ${index} in this wallet`);
      const principal = walletPrincipal(account.publicKey);
      const [txs, rewards] = await Promise.all([history.listTransactions(principal), history.listRewards(principal)]);
      for (const entry of buildHistory(principal, txs, rewards)) io.stdout(formatEntry(entry, conn.hrp, ctx.flags.json === true));
      return 0;
    });
  } finally {
    await conn.close();
  }
};

function formatEntry(entry: HistoryEntry, hrp: string, json: boolean): string {
  const e = historyEntryToJson(entry, hrp);
  if (json) return JSON.stringify(e);
  const smh = (smidge: string | undefined) => `${formatSmh(BigInt(smidge ?? '0'))} SMH`;
  const where = e.layer === null ? 'pending' : `layer ${e.layer}`;
  const tail = e.id === undefined ? '' : `  ${e.status}  ${e.id}`;
  if (e.kind === 'reward') return `${where}  reward    +${smh(e.amount)}`;
  if (e.kind === 'received') return `${where}  received  +${smh(e.amount)} from ${e.from}${tail}`;
  if (e.kind === 'sent') return `${where}  sent      -${smh(e.amount)} to ${e.to}, fee ${smh(e.fee)}${tail}`;
  return `${where}  spawn     fee ${smh(e.fee)}${tail}`;
}

const runSend: Sub = async (args, io, deps) => {
  const { ctx, values } = context(args, io, deps, {
    to: { type: 'string' },
    amount: { type: 'string' },
    account: { type: 'string' },
    'gas-price': { type: 'string' },
    'dry-run': { type: 'boolean' },
  });
  // Every flag is checked before the node or the wallet is touched.
  const to = requiredFlag(values.to, 'to');
  const amount = parseSmh(requiredFlag(values.amount, 'amount'));
  const index = intFlag(values.account, 'account', 0, 1_000_000, 0);
  const gasPrice = BigInt(intFlag(values['gas-price'], 'gas-price', 1, Number.MAX_SAFE_INTEGER, 1));
  const conn = await connect(ctx, 'send');
  try {
    const destination = decodeAddress(to, conn.hrp);
    return await withWallet(ctx, async (wallet) => {
      const signer = wallet.signer(index, conn.genesisId);
      const account = await conn.api.getAccount(walletPrincipal(signer.publicKey));
      const prepared = prepareSend(signer, account, { destination, amount, gasPrice });
      const dryRun = values['dry-run'] === true;
      if (!dryRun) await submitPrepared(conn.api, prepared);
      printSend(ctx, accountAddress(signer.publicKey, conn.hrp), to, prepared, !dryRun);
      return 0;
    });
  } finally {
    await conn.close();
  }
};

function printSend(ctx: Ctx, from: string, to: string, prepared: PreparedSend, submitted: boolean): void {
  const txs = prepared.txs.map((tx) => ({ method: tx.method, nonce: tx.nonce.toString(), id: bytesToHex(tx.id), maxGas: tx.maxGas.toString(), fee: tx.fee.toString() }));
  if (ctx.flags.json === true) {
    const amount = (prepared.total - prepared.totalFee).toString();
    ctx.io.stdout(JSON.stringify({ from, to, amount, fee: prepared.totalFee.toString(), total: prepared.total.toString(), transactions: txs, submitted }));
    return;
  }
  for (const tx of prepared.txs) {
    ctx.io.stdout(`${submitted ? 'submitted' : 'would submit'} ${tx.method} nonce ${tx.nonce}  fee ${formatSmh(tx.fee)} SMH  id ${bytesToHex(tx.id)}`);
  }
  ctx.io.stdout(`${formatSmh(prepared.total - prepared.totalFee)} SMH from ${from} to ${to}; fees ${formatSmh(prepared.totalFee)} SMH, total ${formatSmh(prepared.total)} SMH`);
}

const runImportSmapp: Sub = async (args, io, deps) => {
  const { ctx, values, positionals } = context(args, io, deps, { name: { type: 'string' }, 'dry-run': { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError('import-smapp takes exactly one FILE');
  const wallet = await WalletFile.open(positionals[0]!, await password(ctx), walletOptions(deps));
  try {
    const summary = summarizeWallet(wallet, ctx.hrp);
    let target: string | undefined;
    if (values['dry-run'] !== true) {
      if (values.name !== undefined) wallet.rename(values.name);
      target = await newWalletPath(ctx, wallet.meta.displayName);
      await wallet.saveAs(target);
    }
    if (ctx.flags.json === true) {
      io.stdout(JSON.stringify(summary));
    } else {
      io.stdout(`wallet "${summary.name}"${summary.mnemonicValid ? '' : ' (its phrase is not a valid BIP-39 mnemonic: keep the file)'}`);
      summary.accounts.forEach((a, i) => io.stdout(`  ${i}  ${a.address}  ${a.path}`));
      if (target !== undefined) io.stdout(`imported to ${target}`);
    }
    return 0;
  } finally {
    wallet.lock();
  }
};

const runContacts: Sub = async (args, io, deps) => {
  const { ctx, values } = context(args, io, deps, { add: { type: 'string' }, remove: { type: 'string' }, name: { type: 'string' } });
  if (values.add !== undefined && values.remove !== undefined) throw new UsageError('use --add or --remove, not both');
  if (values.add !== undefined && values.name === undefined) throw new UsageError('--add needs --name');
  return withWallet(ctx, async (wallet) => {
    if (values.add !== undefined) wallet.addContact(values.name!, values.add, ctx.hrp);
    if (values.remove !== undefined) wallet.removeContact(values.remove);
    if (values.add !== undefined || values.remove !== undefined) await wallet.save();
    const contacts = wallet.contacts().map((c) => ({ nickname: c.nickname, address: c.address }));
    if (ctx.flags.json === true) io.stdout(JSON.stringify(contacts));
    else for (const c of contacts) io.stdout(`${c.address}  ${c.nickname}`);
    return 0;
  });
};

const runPasswd: Sub = async (args, io, deps) => {
  const { ctx, values } = context(args, io, deps, { 'new-password-file': { type: 'string' } });
  return withWallet(ctx, async (wallet) => {
    const next = await readSecret({
      file: values['new-password-file'],
      env: io.env,
      envVar: 'SMESHER_NEW_PASSWORD',
      prompt: deps.prompt ?? terminalPrompt(),
      label: 'new password',
      confirm: true,
      flagName: '--new-password-file',
    });
    await wallet.changePassword(next);
    io.stdout(`password changed for ${wallet.path}`);
    return 0;
  });
};

/** The command as registered in `smesher`: no node connector yet (see {@link WalletCommandDeps.connectNode}). */
export const walletCommand: Command = createWalletCommand();
