/**
 * The verifier's K3 subset (post-rs `src/random_values_gen.rs`, docs/protocol/post.md §2.6): a partial Fisher–Yates
 * shuffle driven by u16s read little-endian from a BLAKE3 XOF of the seed parts, with rejection sampling so every
 * position is equally likely. Pure.
 * @module
 */
import { blake3 } from '@noble/hashes/blake3.js';

/**
 * The first `take` items of the seeded shuffle of `items` (all of them when `take` is larger).
 * @param seedParts concatenated into the XOF input (post-rs: seed, node id, challenge)
 */
export function pickRandomValues<T>(items: readonly T[], seedParts: readonly Uint8Array[], take: number): T[] {
  const data = items.slice();
  const seedLength = seedParts.reduce((n, p) => n + p.length, 0);
  const seed = new Uint8Array(seedLength);
  let at = 0;
  for (const part of seedParts) {
    seed.set(part, at);
    at += part.length;
  }
  // The XOF stream is read 2 bytes at a time; grow the squeezed prefix when rejection sampling needs more.
  let stream = blake3(seed, { dkLen: 256 });
  let pos = 0;
  const nextU16 = (): number => {
    if (pos + 2 > stream.length) stream = blake3(seed, { dkLen: stream.length * 2 });
    const value = stream[pos]! | (stream[pos + 1]! << 8);
    pos += 2;
    return value;
  };
  const out: T[] = [];
  for (let idx = 0; idx < data.length && out.length < take; idx++) {
    const remaining = data.length - idx;
    const maxAllowed = 0xffff - (0xffff % remaining);
    for (;;) {
      const r = nextU16();
      if (r < maxAllowed) {
        const j = idx + (r % remaining);
        [data[idx], data[j]] = [data[j]!, data[idx]!];
        out.push(data[idx]!);
        break;
      }
    }
  }
  return out;
}
