/**
 * Account templates and principals (docs/protocol/vm-and-transactions.md §2; go-spacemesh `genvm/core/types.go`,
 * `genvm/templates/*`). A template address is 23 zero bytes and a one-byte id; an account's address (its
 * principal) is `GenerateAddress(blake3(template || scale(spawnArgs)))`, i.e. the hash's last 20 bytes. Pure.
 * @module
 */
import { blake3 } from '../crypto/hash.js';
import { abytes } from '../util/assert.js';
import { ADDRESS_LENGTH, type Address, generateAddress } from './address.js';

function templateAddress(id: number): Address {
  const out = new Uint8Array(ADDRESS_LENGTH);
  out[ADDRESS_LENGTH - 1] = id;
  return out;
}

/** Single-signature wallet: the account type every user has. */
export const WALLET_TEMPLATE: Address = templateAddress(1);
export const MULTISIG_TEMPLATE: Address = templateAddress(2);
export const VESTING_TEMPLATE: Address = templateAddress(3);
export const VAULT_TEMPLATE: Address = templateAddress(4);

/**
 * The principal (account address) for `template` spawned with already SCALE-encoded `spawnArgs`.
 */
export function computePrincipal(template: Address, spawnArgs: Uint8Array): Address {
  abytes(template, ADDRESS_LENGTH, 'template');
  return generateAddress(blake3(template, spawnArgs));
}

/**
 * The wallet-template principal of an ed25519 public key: the address a wallet account receives coins at.
 * The wallet's spawn arguments are the raw 32-byte key (SCALE of `[32]byte` is the bytes themselves).
 */
export function walletPrincipal(publicKey: Uint8Array): Address {
  abytes(publicKey, 32, 'publicKey');
  return computePrincipal(WALLET_TEMPLATE, publicKey);
}
