/**
 * The `wallet.*` methods over one wallet session: at most one wallet file is open (unlocked) at a time, in the
 * node's process, so secret keys never cross the API; only addresses, public keys and, once at creation, the new
 * recovery phrase do. Files live in `<data-dir>/wallets` (selectors naming other paths are refused, except the
 * file an import reads). Balance, history and send read the node's account state through {@link AccountsPort};
 * without it they answer NOT_AVAILABLE. I/O: wallet files.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { decodeAddress } from '../../../types/address.js';
import { walletPrincipal } from '../../../types/templates.js';
import { blake3 } from '../../../crypto/hash.js';
import { bytesToHex, hexToBytes } from '../../../util/bytes.js';
import { WalletError } from '../../../wallet/errors.js';
import { buildHistory, historyEntryToJson } from '../../../wallet/history.js';
import { summarizeWallet } from '../../../wallet/importSmapp.js';
import { accountAddress } from '../../../wallet/keys.js';
import { WalletFile } from '../../../wallet/keystore/walletFile.js';
import { generateMnemonic } from '../../../wallet/mnemonic.js';
import { prepareSend, submitPrepared } from '../../../wallet/send.js';
import { ensureWalletsDir, listWalletFiles, resolveWalletPath, walletFileName } from '../../../wallet/walletDir.js';
import type { SpawnState, WalletAccountInfo, WalletOpened } from '../../contract/contract.js';
import type { Handlers } from '../dispatch.js';
import { ApiRequestError, notAvailable } from '../errors.js';
import type { AccountsPort, ApiDeps } from '../interface.js';

type WalletHandlers = Pick<
  Handlers,
  | 'wallet.list'
  | 'wallet.create'
  | 'wallet.restore'
  | 'wallet.unlock'
  | 'wallet.lock'
  | 'wallet.accounts'
  | 'wallet.balance'
  | 'wallet.send'
  | 'wallet.history'
  | 'wallet.importSmapp'
  | 'tx.submit'
>;

/** The gas price a send uses when the caller names none (smidge per gas unit). */
export const DEFAULT_GAS_PRICE = 1n;

export interface WalletSession {
  readonly handlers: WalletHandlers;
  /** Locks the open wallet (on shutdown). */
  close(): void;
}

export function createWalletSession(deps: ApiDeps): WalletSession {
  const { node, dataDir } = deps;
  const hrp = node.preset.hrp;
  const keystore = deps.keystore ?? {};
  const random = keystore.random ?? ((n: number) => new Uint8Array(randomBytes(n)));
  let open: WalletFile | null = null;

  const replace = (wallet: WalletFile): void => {
    if (open !== null && open !== wallet) open.lock();
    open = wallet;
  };
  const current = (): WalletFile => {
    if (open === null || open.locked) throw new WalletError('WALLET_LOCKED', 'no wallet is unlocked; unlock one first');
    return open;
  };
  const accounts = (): AccountsPort => {
    if (deps.accounts === undefined) throw notAvailable('account state');
    return deps.accounts;
  };
  const accountList = (wallet: WalletFile): WalletAccountInfo[] =>
    wallet.accounts().map((a) => ({
      index: a.index,
      name: a.displayName,
      path: a.path,
      publicKey: bytesToHex(a.publicKey),
      address: accountAddress(a.publicKey, hrp),
    }));
  const opened = (wallet: WalletFile): WalletOpened => ({ file: basename(wallet.path), name: wallet.meta.displayName, accounts: accountList(wallet) });
  const newPath = async (name: string): Promise<string> => join(await ensureWalletsDir(dataDir), walletFileName(name));
  const create = async (name: string, password: string, mnemonic: string): Promise<WalletFile> => {
    const wallet = await WalletFile.create(await newPath(name), { ...keystore, name, password, mnemonic, genesisId: node.genesisId });
    replace(wallet);
    return wallet;
  };

  const handlers: WalletHandlers = {
    'wallet.list': async () => {
      const files = await listWalletFiles(dataDir);
      const entries = await Promise.all(
        files.map(async (file) => {
          const meta = await WalletFile.readMeta(file).catch(() => null);
          return meta === null ? null : { file: basename(file), name: meta.displayName, created: meta.created, open: open !== null && !open.locked && open.path === file };
        }),
      );
      return entries.filter((e) => e !== null);
    },
    'wallet.create': async ({ name, password, words }) => {
      const mnemonic = generateMnemonic(words ?? 24, random);
      const wallet = await create(name, password, mnemonic);
      return { ...opened(wallet), mnemonic };
    },
    'wallet.restore': async ({ name, password, mnemonic }) => opened(await create(name, password, mnemonic)),
    'wallet.unlock': async ({ wallet, password }) => {
      // Over the API a wallet is named by file name or display name, never by a path elsewhere on disk.
      if (/[\\/]/.test(wallet)) throw new ApiRequestError('INVALID_ARGS', 'wallet: give a wallet name or a file name in the wallets folder');
      const file = await WalletFile.open(await resolveWalletPath(dataDir, wallet), password, keystore);
      replace(file);
      return opened(file);
    },
    'wallet.lock': () => {
      open?.lock();
      open = null;
      return Promise.resolve({ locked: true as const });
    },
    'wallet.accounts': () => Promise.resolve(accountList(current())),
    'wallet.balance': async ({ address }) => {
      const state = await accounts().getAccount(decodeAddress(address, hrp));
      // The port counts a pending self-spawn as spawned (send planning must not spawn twice); the balance shows
      // the truth: spawned only once a layer applied it.
      const spawnState: SpawnState = state.spawnPending === true ? 'pending' : state.spawned ? 'spawned' : 'unspawned';
      return { address, balance: state.balance.toString(), nextNonce: state.nextNonce.toString(), spawned: spawnState === 'spawned', spawnState };
    },
    'wallet.history': async ({ address }) => {
      const port = accounts();
      const principal = decodeAddress(address, hrp);
      const [txs, rewards] = await Promise.all([port.listTransactions(principal), port.listRewards(principal)]);
      return buildHistory(principal, txs, rewards).map((e) => historyEntryToJson(e, hrp));
    },
    'wallet.send': async ({ account, to, amount, gasPrice, dryRun }) => {
      const port = accounts();
      if (dryRun !== true && port.submitTransaction === undefined) throw notAvailable('sending (the node has no mempool yet)');
      const signer = current().signer(account, node.genesisId);
      const state = await port.getAccount(walletPrincipal(signer.publicKey));
      const prepared = prepareSend(signer, state, {
        destination: decodeAddress(to, hrp),
        amount: BigInt(amount),
        gasPrice: gasPrice === undefined ? DEFAULT_GAS_PRICE : BigInt(gasPrice),
      });
      if (dryRun !== true) await submitPrepared({ getAccount: port.getAccount.bind(port), submitTransaction: port.submitTransaction!.bind(port) }, prepared);
      return {
        txs: prepared.txs.map((tx) => ({ id: bytesToHex(tx.id), method: tx.method, nonce: tx.nonce.toString(), fee: tx.fee.toString() })),
        totalFee: prepared.totalFee.toString(),
        total: prepared.total.toString(),
        dryRun: dryRun === true,
      };
    },
    'tx.submit': async ({ raw }) => {
      const port = accounts();
      if (port.submitTransaction === undefined) throw notAvailable('submitting transactions (the node has no mempool yet)');
      const bytes = hexToBytes(raw);
      await port.submitTransaction(bytes);
      return { id: bytesToHex(blake3(bytes)) };
    },
    'wallet.importSmapp': async ({ path, password, name }) => {
      const source = await WalletFile.open(path, password, keystore);
      const target = await newPath(name ?? source.meta.displayName);
      if (name !== undefined) source.rename(name);
      await source.saveAs(target);
      const summary = summarizeWallet(source, hrp);
      source.lock();
      return { file: basename(target), ...summary };
    },
  };
  return {
    handlers,
    close: () => {
      open?.lock();
      open = null;
    },
  };
}
