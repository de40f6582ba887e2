/**
 * The smapp wallet file format as JSON types (docs/protocol/wallet.md §3; smapp `shared/types/wallet.ts`). The public
 * `meta` part is readable without the password; everything else (mnemonic, keys, contacts) is the encrypted
 * `crypto` part. Types only.
 * @module
 */

/** Public wallet metadata. Unknown fields from other writers (smapp's `netId`, `meta.salt`) are kept on save. */
export interface WalletMeta {
  readonly displayName: string;
  /** smapp's timestamp style: ISO 8601 with `-` for `:` (`2022-11-02T16-14-40.308Z`). */
  readonly created: string;
  readonly type: string;
  /** `0x`-prefixed hex GenesisID of the network the wallet was used on, or ''. */
  readonly genesisID: string;
  readonly remoteApi: string;
  readonly [extra: string]: unknown;
}

/** One account (smapp `KeyPair`). Keys are hex without `0x`; `secretKey` is 64 bytes: seed || public key. */
export interface AccountEntry {
  readonly displayName: string;
  readonly created: string;
  /** `m/44'/540'/0'/0'/i'` (smapp also wrote it without `m/`; very old files used other schemes like `0/0/0`). */
  readonly path: string;
  readonly publicKey: string;
  readonly secretKey: string;
}

export interface Contact {
  readonly address: string;
  readonly nickname: string;
}

/** The plaintext of the encrypted part, in smapp's field order. */
export interface WalletSecrets {
  readonly mnemonic: string;
  readonly accounts: readonly AccountEntry[];
  readonly contacts: readonly Contact[];
}

export interface KdfParams {
  /** Derived key length in bits (256: AES-256). */
  readonly dklen: number;
  readonly hash: string;
  readonly salt: string;
  readonly iterations: number;
}

/** The current format: AES-256-GCM, 12-byte IV, 16-byte tag appended to the ciphertext, key from PBKDF2. */
export interface GcmCrypto {
  readonly cipher: 'AES-GCM';
  readonly cipherText: string;
  readonly cipherParams: { readonly iv: string };
  readonly kdf: 'PBKDF2';
  readonly kdfparams: KdfParams;
}

/** smapp's legacy format: AES-256-CTR (despite the label), counter 5, key from a fixed salt. */
export interface LegacyCrypto {
  readonly cipher: 'AES-128-CTR';
  readonly cipherText: string;
}

export type WalletCrypto = GcmCrypto | LegacyCrypto;

export interface WalletFileJson {
  readonly meta: WalletMeta;
  readonly crypto: WalletCrypto;
}
