/**
 * Account state and the per-layer state hash (docs/protocol/vm-and-transactions.md §8; go-spacemesh `common/types/account.go`,
 * `genvm/vm.go Apply`).
 *
 * The hash of a layer is `blake3(scale(Account) || scale(Account) || ...)` over the accounts the layer changed, in
 * the order they were first changed, each encoded as
 * `Account{Layer c32, Address [24], NextNonce c64, Balance c64, TemplateAddress Option<[24]>, State Bytes<=10000>}`
 * with Layer set to the applied layer. A wallet's State is its SCALE-encoded `Wallet{PublicKey [32]}`, i.e. the
 * raw 32-byte key. Pure.
 * @module
 */
import { byteSlice, compact32, compact64, encode, fixedBytes, option, struct } from '../codec/index.js';
import { blake3 } from '../crypto/hash.js';
import { ADDRESS_LENGTH, type Address } from '../types/address.js';

/** go-spacemesh's `scale:"max=10000"` on Account.State. */
export const MAX_ACCOUNT_STATE_BYTES = 10_000;

export interface Account {
  /** The layer of this version: the last layer that changed it (0 for genesis or never-seen accounts). */
  readonly layer: number;
  readonly address: Address;
  readonly nextNonce: bigint;
  readonly balance: bigint;
  /** null until the account is spawned. */
  readonly template: Address | null;
  /** The template's immutable state (a wallet: its public key); null until spawned. */
  readonly state: Uint8Array | null;
}

/** The state of an address that never received anything. */
export function emptyAccount(address: Address): Account {
  return { layer: 0, address, nextNonce: 0n, balance: 0n, template: null, state: null };
}

const accountCodec = struct('Account', {
  layer: compact32,
  address: fixedBytes(ADDRESS_LENGTH),
  nextNonce: compact64,
  balance: compact64,
  template: option(fixedBytes(ADDRESS_LENGTH)),
  state: byteSlice(MAX_ACCOUNT_STATE_BYTES),
});

/**
 * The SCALE bytes of an account as hashed into the state hash (an absent state encodes as empty bytes, as a nil
 * Go slice does).
 * @throws {RangeError | TypeError} when a field is out of range (a bug: accounts are built by the VM)
 */
export function encodeAccount(account: Account): Uint8Array {
  return encode(accountCodec, { ...account, state: account.state ?? new Uint8Array(0) });
}

/** blake3 over the encodings of `changed`, in the given (first-change) order. An empty layer hashes nothing. */
export function computeStateHash(changed: readonly Account[]): Uint8Array {
  return blake3(...changed.map(encodeAccount));
}
