/**
 * The proving ciphers (post-rs `src/cipher.rs`, docs/protocol/post.md §2.3): one AES-128 key per nonce group from
 * blake3(challenge || group u32 LE || pow u64 LE), and a "lazy" per-nonce key that also hashes the nonce, used only
 * when an output byte ties with the difficulty's top byte. AES runs in node:crypto (AES-NI). No I/O.
 * @module
 */
import { createCipheriv, type Cipher } from 'node:crypto';
import { blake3 } from '../crypto/hash.js';
import { u64le } from '../util/bytes.js';

/** Nonces per AES key: output byte k of a label's encryption belongs to nonce 16·group + k. */
export const NONCES_PER_AES = 16;

function u32le(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

/** key_g = blake3(challenge || g u32 LE || pow u64 LE)[0..16]. */
export function groupKey(challenge: Uint8Array, group: number, pow: bigint): Uint8Array {
  return blake3(challenge, u32le(group), u64le(pow)).slice(0, 16);
}

/** key_n = blake3(challenge || g u32 LE || pow u64 LE || nonce u32 LE)[0..16]. */
export function nonceKey(challenge: Uint8Array, group: number, pow: bigint, nonce: number): Uint8Array {
  return blake3(challenge, u32le(group), u64le(pow), u32le(nonce)).slice(0, 16);
}

/** An AES-128-ECB encryptor without padding; ECB keeps no state between `update` calls, so one is reused. */
export function createAes(key: Uint8Array): Cipher {
  const cipher = createCipheriv('aes-128-ecb', key, null);
  cipher.setAutoPadding(false);
  return cipher;
}

/** u64 LE of the first 8 bytes of AES(key_n, label), masked to 56 bits: the lazy check's value. */
export function lazyValue(cipher: Cipher, label: Uint8Array): bigint {
  const out = cipher.update(label);
  return out.readBigUInt64LE(0) & ((1n << 56n) - 1n);
}
