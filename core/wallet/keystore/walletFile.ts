/**
 * A wallet file on disk and the unlocked wallet in memory: create, open with the password, read accounts and
 * contacts, add and rename, change the password, lock and unlock. Every change stays in memory until `save()`,
 * which writes the whole file atomically (core/util/atomicFile.ts), so a failed or refused change leaves the file as it was.
 * Opening never writes: a wrong password changes nothing on disk. I/O.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { EdSigner } from '../../crypto/ed25519.js';
import { decodeAddress } from '../../types/address.js';
import { bytesToHex, hexToBytes } from '../../util/bytes.js';
import { WalletError } from '../errors.js';
import { accountIndexOf } from '../hdPath.js';
import { deriveAccountKey, toExtendedSecretKey } from '../keys.js';
import { type RandomBytes, checkMnemonic, isValidMnemonic, mnemonicToSeed } from '../mnemonic.js';
import { BACKUP_SUFFIX, writeFileAtomic } from '../../util/atomicFile.js';
import { DEFAULT_KDF_ITERATIONS, SALT_BYTES, deriveKey } from './cipher.js';
import { type DerivedKey, decryptSecrets, encryptSecrets } from './encryption.js';
import { MAX_WALLET_FILE_BYTES, parseWalletFile } from './parse.js';
import type { AccountEntry, Contact, WalletMeta, WalletSecrets } from './types.js';

export interface KeystoreOptions {
  /**
   * PBKDF2 iterations for keys derived when writing (default and floor in production: 210,000). A file opened with
   * fewer iterations, or in the legacy format, is re-keyed to this on open so its next save is strong.
   */
  readonly kdfIterations?: number;
  readonly random?: RandomBytes;
  /** Clock for `created` timestamps. */
  readonly now?: () => number;
}

export interface CreateWalletOptions extends KeystoreOptions {
  readonly name: string;
  readonly mnemonic: string;
  readonly password: string;
  /** How many accounts to derive at once (default 1). */
  readonly accounts?: number;
  /** The network the wallet is made for (20 bytes), recorded in meta as smapp does. */
  readonly genesisId?: Uint8Array;
}

/** An account as shown to the user; the secret key never leaves the wallet except through {@link WalletFile.signer}. */
export interface AccountInfo {
  /** Position in the wallet's account list (what `--account` selects). */
  readonly index: number;
  readonly displayName: string;
  readonly created: string;
  readonly path: string;
  readonly publicKey: Uint8Array;
}

const MAX_NAME_LENGTH = 100;
const MAX_ACCOUNTS = 1000;

export class WalletFile {
  readonly path: string;
  #meta: WalletMeta;
  #secrets: WalletSecrets | null;
  #key: DerivedKey | null;
  readonly #random: RandomBytes;
  readonly #now: () => number;
  readonly #iterations: number;

  private constructor(path: string, meta: WalletMeta, secrets: WalletSecrets, key: DerivedKey, options: KeystoreOptions) {
    this.path = path;
    this.#meta = meta;
    this.#secrets = secrets;
    this.#key = key;
    this.#random = options.random ?? ((n) => new Uint8Array(randomBytes(n)));
    this.#now = options.now ?? Date.now;
    this.#iterations = kdfIterations(options);
  }

  /**
   * Creates and writes a new wallet from a mnemonic. Refuses to replace an existing file.
   * @throws {WalletError} INVALID_MNEMONIC, INVALID_PASSWORD, ALREADY_EXISTS; file system errors
   */
  static async create(path: string, options: CreateWalletOptions): Promise<WalletFile> {
    const mnemonic = checkMnemonic(options.mnemonic);
    const name = checkName(options.name, 'wallet name');
    const count = options.accounts ?? 1;
    if (!Number.isSafeInteger(count) || count < 1 || count > MAX_ACCOUNTS) throw new RangeError(`accounts: 1..${MAX_ACCOUNTS}`);
    await refuseExisting(path);
    const key = await newKey(options.password, options);
    const created = smappTimestamp((options.now ?? Date.now)());
    const meta: WalletMeta = {
      displayName: name,
      created,
      type: 'local-node',
      genesisID: options.genesisId === undefined ? '' : `0x${bytesToHex(options.genesisId)}`,
      remoteApi: '',
    };
    const wallet = new WalletFile(path, meta, { mnemonic, accounts: [], contacts: [] }, key, options);
    for (let i = 0; i < count; i++) wallet.addAccount(i === 0 ? 'Main Account' : `Account ${i}`);
    await wallet.save();
    return wallet;
  }

  /**
   * Opens a wallet file with its password (smapp GCM, smcli GCM or smapp legacy CTR). Never writes.
   * @throws {WalletError} WRONG_PASSWORD, BAD_WALLET_FILE, UNSUPPORTED_FORMAT, INVALID_PASSWORD, NOT_FOUND
   */
  static async open(path: string, password: string, options: KeystoreOptions = {}): Promise<WalletFile> {
    const file = parseWalletFile(await readWalletText(path));
    const { secrets, key } = await decryptSecrets(file.crypto, password);
    const strongEnough = key !== null && key.iterations >= kdfIterations(options);
    return new WalletFile(path, file.meta, secrets, strongEnough ? key : await newKey(password, options), options);
  }

  /**
   * The public part of a wallet file, readable without the password.
   * @throws {WalletError} BAD_WALLET_FILE, UNSUPPORTED_FORMAT, NOT_FOUND
   */
  static async readMeta(path: string): Promise<WalletMeta> {
    return parseWalletFile(await readWalletText(path)).meta;
  }

  get meta(): WalletMeta {
    return this.#meta;
  }

  get locked(): boolean {
    return this.#secrets === null;
  }

  /** The accounts, in file order. @throws {WalletError} WALLET_LOCKED */
  accounts(): AccountInfo[] {
    return this.#unlocked().accounts.map((a, index) => ({
      index,
      displayName: a.displayName,
      created: a.created,
      path: a.path,
      publicKey: hexToBytes(a.publicKey),
    }));
  }

  /** @throws {WalletError} WALLET_LOCKED */
  contacts(): readonly Contact[] {
    return this.#unlocked().contacts;
  }

  /** The mnemonic, for an explicit "show my recovery phrase" request only. @throws {WalletError} WALLET_LOCKED */
  revealMnemonic(): string {
    return this.#unlocked().mnemonic;
  }

  /** Whether the stored mnemonic is a valid BIP-39 phrase (old smapp files may hold other phrases). */
  hasValidMnemonic(): boolean {
    return isValidMnemonic(this.#unlocked().mnemonic);
  }

  /**
   * A signer for account `index` on the network with `genesisId`.
   * @throws {WalletError} WALLET_LOCKED, NOT_FOUND
   */
  signer(index: number, genesisId: Uint8Array): EdSigner {
    const entry = this.#account(index);
    const secret = hexToBytes(entry.secretKey).subarray(0, 32);
    try {
      return new EdSigner(secret, genesisId);
    } finally {
      secret.fill(0);
    }
  }

  /**
   * Derives the next standard account (`m/44'/540'/0'/0'/i'`, i = one past the highest in use) from the mnemonic.
   * @throws {WalletError} WALLET_LOCKED; INVALID_MNEMONIC when the wallet's phrase cannot derive keys
   */
  addAccount(displayName?: string): AccountInfo {
    const secrets = this.#unlocked();
    if (secrets.accounts.length >= MAX_ACCOUNTS) throw new WalletError('INVALID_PATH', `a wallet holds at most ${MAX_ACCOUNTS} accounts`);
    const used = secrets.accounts.map((a) => accountIndexOf(a.path) ?? -1);
    const next = Math.max(-1, ...used) + 1;
    const name = checkName(displayName ?? `Account ${next}`, 'account name');
    const seed = mnemonicToSeed(secrets.mnemonic);
    const key = deriveAccountKey(seed, next);
    seed.fill(0);
    const extended = toExtendedSecretKey(key);
    const entry: AccountEntry = {
      displayName: name,
      created: smappTimestamp(this.#now()),
      path: key.path,
      publicKey: bytesToHex(key.publicKey),
      secretKey: bytesToHex(extended),
    };
    extended.fill(0);
    key.secretKey.fill(0);
    this.#secrets = { ...secrets, accounts: [...secrets.accounts, entry] };
    return this.accounts()[secrets.accounts.length]!;
  }

  /** @throws {WalletError} WALLET_LOCKED, NOT_FOUND, INVALID_NAME */
  renameAccount(index: number, displayName: string): void {
    const secrets = this.#unlocked();
    this.#account(index);
    const name = checkName(displayName, 'account name');
    this.#secrets = { ...secrets, accounts: secrets.accounts.map((a, i) => (i === index ? { ...a, displayName: name } : a)) };
  }

  /**
   * Adds a contact after checking the address belongs to the network with `hrp`.
   * @throws {WalletError} WALLET_LOCKED, ALREADY_EXISTS; AddressError for a bad address
   */
  addContact(nickname: string, address: string, hrp: string): void {
    const secrets = this.#unlocked();
    decodeAddress(address, hrp);
    const name = checkName(nickname, 'contact name');
    if (secrets.contacts.some((c) => c.address === address)) throw new WalletError('ALREADY_EXISTS', `${address} is already a contact`);
    this.#secrets = { ...secrets, contacts: [...secrets.contacts, { address, nickname: name }] };
  }

  /** @throws {WalletError} WALLET_LOCKED, NOT_FOUND */
  removeContact(address: string): void {
    const secrets = this.#unlocked();
    if (!secrets.contacts.some((c) => c.address === address)) throw new WalletError('NOT_FOUND', `${address} is not a contact`);
    this.#secrets = { ...secrets, contacts: secrets.contacts.filter((c) => c.address !== address) };
  }

  /** Renames the wallet (the public `meta.displayName`). */
  rename(displayName: string): void {
    this.#unlocked();
    this.#meta = { ...this.#meta, displayName: checkName(displayName, 'wallet name') };
  }

  /**
   * Writes the wallet to its file (atomically, keeping the previous copy as .bak).
   * @throws {WalletError} WALLET_LOCKED; file system errors (the file is then unchanged)
   */
  async save(): Promise<void> {
    await writeFileAtomic(this.path, this.#serialize(), { keepBackup: true });
  }

  /**
   * Writes the wallet to another file, which must not exist yet (import, export). This object keeps its own path.
   * @throws {WalletError} WALLET_LOCKED, ALREADY_EXISTS; file system errors
   */
  async saveAs(path: string): Promise<void> {
    await refuseExisting(path);
    await writeFileAtomic(path, this.#serialize(), { keepBackup: true });
  }

  /**
   * Re-encrypts the wallet under `newPassword` (new salt, current iteration count) and saves it; the kept copy
   * (`.bak`) is re-encrypted too, so no file the old password opens remains.
   * @throws {WalletError} WALLET_LOCKED, INVALID_PASSWORD; file system errors (the file then keeps the old password)
   */
  async changePassword(newPassword: string): Promise<void> {
    this.#unlocked();
    const key = await newKey(newPassword, { kdfIterations: this.#iterations, random: this.#random });
    const previous = this.#key;
    this.#key = key;
    try {
      // No copy the old password opens may stay: the kept previous copy (.bak, from earlier saves) is replaced by
      // the re-encrypted wallet first, then the wallet itself, without keeping its old-password version. The
      // secrets are unchanged, so the .bak is still a backup of them. A crash in between leaves the wallet under
      // the old password (the change did not happen) and the .bak under the new one.
      const text = this.#serialize();
      await writeFileAtomic(this.path + BACKUP_SUFFIX, text);
      await writeFileAtomic(this.path, text);
    } catch (err) {
      this.#key = previous;
      key.key.fill(0);
      throw err;
    }
    previous?.key.fill(0);
  }

  /** Forgets the secrets and the key; the wallet must be unlocked with the password before further use. */
  lock(): void {
    this.#key?.key.fill(0);
    this.#key = null;
    this.#secrets = null;
  }

  /**
   * Re-reads the file and unlocks it with `password`.
   * @throws {WalletError} WRONG_PASSWORD (the wallet stays locked), BAD_WALLET_FILE
   */
  async unlock(password: string): Promise<void> {
    const opened = await WalletFile.open(this.path, password, { kdfIterations: this.#iterations, random: this.#random, now: this.#now });
    this.#meta = opened.#meta;
    this.#secrets = opened.#secrets;
    this.#key = opened.#key;
  }

  #serialize(): string {
    const secrets = this.#unlocked();
    const key = this.#key!;
    return `${JSON.stringify({ meta: this.#meta, crypto: encryptSecrets(secrets, key, this.#random) }, null, 2)}\n`;
  }

  #unlocked(): WalletSecrets {
    if (this.#secrets === null) throw new WalletError('WALLET_LOCKED', 'the wallet is locked; unlock it with its password');
    return this.#secrets;
  }

  #account(index: number): AccountEntry {
    const entry = Number.isSafeInteger(index) ? this.#unlocked().accounts[index] : undefined;
    if (entry === undefined) throw new WalletError('NOT_FOUND', `no account ${index} in this wallet (it has ${this.#unlocked().accounts.length})`);
    return entry;
  }
}

/** smapp's `created` format: ISO 8601 with `-` in place of `:` (safe in file names). */
export function smappTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/:/g, '-');
}

function kdfIterations(options: KeystoreOptions): number {
  const n = options.kdfIterations ?? DEFAULT_KDF_ITERATIONS;
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError('kdfIterations must be a positive integer');
  return n;
}

async function newKey(password: string, options: KeystoreOptions): Promise<DerivedKey> {
  const random = options.random ?? ((n: number) => new Uint8Array(randomBytes(n)));
  const salt = random(SALT_BYTES);
  const iterations = kdfIterations(options);
  return { key: await deriveKey(password, salt, iterations, 'sha512'), salt, iterations, hash: 'sha512' };
}

function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string') throw new WalletError('INVALID_NAME', `${what} must be text`);
  const trimmed = name.trim();
  // eslint-disable-next-line no-control-regex
  if (trimmed === '' || trimmed.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new WalletError('INVALID_NAME', `${what} must be 1..${MAX_NAME_LENGTH} printable characters`);
  }
  return trimmed;
}

async function refuseExisting(path: string): Promise<void> {
  try {
    await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  throw new WalletError('ALREADY_EXISTS', `${path} already exists`);
}

async function readWalletText(path: string): Promise<string> {
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new WalletError('NOT_FOUND', `no wallet file at ${path}`);
    throw err;
  });
  if (!info.isFile()) throw new WalletError('BAD_WALLET_FILE', `not a wallet file: ${path} is not a file`);
  if (info.size > MAX_WALLET_FILE_BYTES) throw new WalletError('BAD_WALLET_FILE', `not a wallet file: ${path} is too large`);
  return readFile(path, 'utf8');
}
