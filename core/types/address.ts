/**
 * Account addresses: 24 bytes, 4 reserved zero bytes then 20 bytes of identity, written as BIP-173 bech32
 * (not bech32m) with the network's human-readable part (docs/protocol/vm-and-transactions.md §1; go-spacemesh
 * `common/types/address.go`). Pure.
 * @module
 */
import { bech32 } from '@scure/base';
import { CodedError } from '../util/errors.js';

export const ADDRESS_LENGTH = 24;
export const ADDRESS_RESERVED_BYTES = 4;

/** 24 raw address bytes. */
export type Address = Uint8Array;

export type AddressErrorCode = 'NOT_A_STRING' | 'BAD_ENCODING' | 'WRONG_HRP' | 'BAD_LENGTH' | 'RESERVED_NOT_ZERO';

export class AddressError extends CodedError<AddressErrorCode> {}

/**
 * go-spacemesh `GenerateAddress`: the last 20 bytes of `data` (all of it when shorter, left-aligned) after
 * the 4 reserved zero bytes.
 */
export function generateAddress(data: Uint8Array): Address {
  const out = new Uint8Array(ADDRESS_LENGTH);
  const tail = data.length > 20 ? data.subarray(data.length - 20) : data;
  out.set(tail, ADDRESS_RESERVED_BYTES);
  return out;
}

/**
 * The bech32 string of a 24-byte address.
 * @throws {AddressError} BAD_LENGTH or RESERVED_NOT_ZERO
 */
export function encodeAddress(address: Address, hrp: string): string {
  checkAddressBytes(address);
  return bech32.encode(hrp, bech32.toWords(address));
}

/**
 * Parses a bech32 address for the network with `hrp`. Rejects bad checksums and characters, mixed case, another
 * network's prefix, a payload that is not 24 bytes, and non-zero reserved bytes.
 * @throws {AddressError}
 */
export function decodeAddress(text: unknown, hrp: string): Address {
  if (typeof text !== 'string') throw new AddressError('NOT_A_STRING', 'address must be a string');
  let decoded: { prefix: string; words: number[] };
  try {
    decoded = bech32.decode(text as `${string}1${string}`);
  } catch (err) {
    throw new AddressError('BAD_ENCODING', `not a valid bech32 address: ${(err as Error).message}`);
  }
  if (decoded.prefix !== hrp) {
    throw new AddressError('WRONG_HRP', `address is for network "${decoded.prefix}", expected "${hrp}"`, {
      hrp: decoded.prefix,
    });
  }
  let bytes: Uint8Array;
  try {
    bytes = bech32.fromWords(decoded.words);
  } catch (err) {
    throw new AddressError('BAD_ENCODING', `address payload has invalid padding: ${(err as Error).message}`);
  }
  checkAddressBytes(bytes);
  return bytes;
}

/** True when `text` is a valid address for the network with `hrp`. */
export function isValidAddress(text: unknown, hrp: string): boolean {
  try {
    decodeAddress(text, hrp);
    return true;
  } catch {
    return false;
  }
}

function checkAddressBytes(bytes: Uint8Array): void {
  if (bytes.length !== ADDRESS_LENGTH) {
    throw new AddressError('BAD_LENGTH', `address must be ${ADDRESS_LENGTH} bytes, got ${bytes.length}`);
  }
  for (let i = 0; i < ADDRESS_RESERVED_BYTES; i++) {
    if (bytes[i] !== 0) throw new AddressError('RESERVED_NOT_ZERO', 'address reserved bytes must be zero');
  }
}
