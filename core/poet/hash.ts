/**
 * PoET's hash functions (docs/protocol/poet.md §2–4; poet `hash/hash.go`, poet `shared/shared.go`): the nested label hash
 * H400, the statement-salted Merkle node hash, the membership-tree node hash and Fiat–Shamir leaf selection. Pure,
 * apart from loading the native chain once.
 *
 * The label hash is the sequential-work hot loop: 400 chained SHA-256 calls per leaf. Where the native addon is
 * built the whole chain is one call into it (core/poet/nativeChain.ts: SHA extensions, or plain C); otherwise it
 * uses node's one-shot `crypto.hash`, the fastest SHA-256 chain in JS on Node 20 (docs/performance.md §2.4: 1.48 M/s
 * against 0.86 M/s for createHash). Either way each leaf's input is built in one reused buffer, so the loop
 * allocates only the digests. Both paths give the same bytes.
 * @module
 */
import { Buffer } from 'node:buffer';
import { hash as nodeHash } from 'node:crypto';
import { blake3 } from '../crypto/hash.js';
import { abytes, aint } from '../util/assert.js';
import { type NativeChain, type NativeChainKind, nativeChain } from './nativeChain.js';

/** `LabelHashNestingDepth` (poet `hash/hash.go`; raised from 100 to 400 in poet PR #229). */
export const LABEL_HASH_NESTING_DEPTH = 400;
/** Size of every tree node, label and challenge. */
export const NODE_SIZE = 32;
/** T: proven leaves in a proof (poet `shared.T`). */
export const SECURITY_PARAM = 150;
/** Tree heights a leaf index below 2^53 can need, plus the root. */
const MAX_TREE_HEIGHT = 54;
/** The padding node of an unbalanced tree: 32 zero bytes at any height (merkle-tree `PaddingValue`). */
export const ZERO_NODE: Uint8Array = new Uint8Array(NODE_SIZE);

/** A Merkle node hash: parent of `left` and `right`. */
export type NodeHash = (left: Uint8Array, right: Uint8Array) => Uint8Array;

/** How a label chain is computed: a native chain ({@link NativeChainKind}) or node:crypto, one call per link. */
export type LabelPath = NativeChainKind | 'node:crypto';

/**
 * `H400(S, data) = sha256^399(sha256(S || data))` (poet `GenLabelHashFunc`).
 * @param native - the native chain to use; `null` for node:crypto; the PoET's own choice by default
 * @throws {TypeError} when an argument is not a Uint8Array
 */
export function labelHash(statement: Uint8Array, data: Uint8Array, native: NativeChain | null | undefined = nativeChain()): Uint8Array {
  abytes(statement, undefined, 'statement');
  abytes(data, undefined, 'data');
  const input = Buffer.concat([statement, data]);
  if (native) {
    const out = new Uint8Array(NODE_SIZE);
    native.chain(input, LABEL_HASH_NESTING_DEPTH, out);
    return out;
  }
  return new Uint8Array(nodeChain(input));
}

/** H400 over a ready input, one node:crypto call per link. */
function nodeChain(input: Uint8Array): Buffer {
  let digest = nodeHash('sha256', input, 'buffer');
  for (let i = 1; i < LABEL_HASH_NESTING_DEPTH; i++) digest = nodeHash('sha256', digest, 'buffer');
  return digest;
}

/**
 * The label input of leaf `index`: `BE64(index) || parked_0 || parked_1 || ...`, absent layers contributing nothing
 * (poet `shared.MakeLabelFunc`; vector TestMakeLabel, docs/protocol/vectors.md §10).
 * @throws {RangeError} when `index` is not a safe non-negative integer
 */
export function labelInput(index: number, parked: readonly (Uint8Array | null)[]): Uint8Array {
  aint(index, 0, Number.MAX_SAFE_INTEGER, 'index');
  const present = parked.filter((p): p is Uint8Array => p !== null && p.length > 0);
  const out = new Uint8Array(8 + present.reduce((n, p) => n + p.length, 0));
  writeBe64(out, 0, index);
  let offset = 8;
  for (const p of present) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * The hot-loop form of {@link labelHash} over {@link labelInput}: one buffer holds `statement || BE64(i) || parked`
 * for every leaf, so a leaf costs its 400 digests and nothing else.
 */
export class LabelHasher {
  /** The chain this hasher runs. */
  readonly path: LabelPath;
  private readonly buffer: Buffer;
  private readonly statementLength: number;
  private readonly native: NativeChain | undefined;

  /**
   * @param native - the native chain to use; `null` for node:crypto; the PoET's own choice by default
   * @throws {TypeError} when `statement` is not a Uint8Array
   */
  constructor(statement: Uint8Array, native: NativeChain | null | undefined = nativeChain()) {
    abytes(statement, undefined, 'statement');
    this.native = native ?? undefined;
    this.path = this.native?.kind ?? 'node:crypto';
    this.statementLength = statement.length;
    this.buffer = Buffer.alloc(statement.length + 8 + MAX_TREE_HEIGHT * NODE_SIZE);
    this.buffer.set(statement, 0);
  }

  /** The label of leaf `index` given the tree's parked nodes (low layer first, `null` where none is parked). */
  label(index: number, parked: readonly (Uint8Array | null)[]): Buffer {
    const buf = this.buffer;
    writeBe64(buf, this.statementLength, index);
    let offset = this.statementLength + 8;
    for (const node of parked) {
      if (node === null) continue;
      buf.set(node, offset);
      offset += NODE_SIZE;
    }
    if (this.native === undefined) return nodeChain(buf.subarray(0, offset));
    const out = Buffer.allocUnsafe(NODE_SIZE);
    this.native.chain(buf.subarray(0, offset), LABEL_HASH_NESTING_DEPTH, out);
    return out;
  }
}

/**
 * The PoSW tree's node hash `sha256(statement || left || right)` (poet `GenMerkleHashFunc`). An empty statement
 * gives merkle-tree's plain `sha256(left || right)`.
 * @throws {TypeError} when `statement` is not a Uint8Array
 */
export function merkleNodeHash(statement: Uint8Array): NodeHash {
  abytes(statement, undefined, 'statement');
  const s = statement.length;
  const scratch = Buffer.alloc(s + 2 * NODE_SIZE);
  scratch.set(statement, 0);
  return (left, right) => {
    // Inside a tree children are always 32 bytes: one reused buffer, one hash call. Other sizes (poet's own unit
    // vectors hash short strings) take the general path.
    if (left.length !== NODE_SIZE || right.length !== NODE_SIZE) {
      return nodeHash('sha256', Buffer.concat([statement, left, right]), 'buffer');
    }
    scratch.set(left, s);
    scratch.set(right, s + NODE_SIZE);
    return nodeHash('sha256', scratch, 'buffer');
  };
}

const MEMBERSHIP_NODE_PREFIX = Uint8Array.of(0x01);

/** The membership tree's node hash `blake3(0x01 || left || right)` (poet `shared.HashMembershipTreeNode`). */
export const membershipNodeHash: NodeHash = (left, right) => blake3(MEMBERSHIP_NODE_PREFIX, left, right);

/**
 * Fiat–Shamir leaf selection (poet `shared.FiatShamir`): distinct `BE64(sha256(root || BE32(j))[0..8]) mod
 * leafCount` for j = 0, 1, ... until `t` are found; every leaf when `t > leafCount`.
 * @returns the indices in ascending order
 * @throws {RangeError} when `leafCount` or `t` is out of range
 */
export function fiatShamir(root: Uint8Array, leafCount: number, t: number = SECURITY_PARAM): number[] {
  abytes(root, undefined, 'root');
  aint(leafCount, 0, Number.MAX_SAFE_INTEGER, 'leafCount');
  aint(t, 0, 255, 't');
  if (t > leafCount) return Array.from({ length: leafCount }, (_, i) => i);
  const chosen = new Set<number>();
  const input = Buffer.alloc(root.length + 4);
  input.set(root, 0);
  const modulus = BigInt(leafCount);
  for (let j = 0; chosen.size < t; j++) {
    input.writeUInt32BE(j, root.length);
    const digest = nodeHash('sha256', input, 'buffer');
    chosen.add(Number(digest.readBigUInt64BE(0) % modulus));
  }
  return [...chosen].sort((a, b) => a - b);
}

/** Writes a safe integer as 8 big-endian bytes without a BigInt (this runs once per leaf). */
function writeBe64(out: Uint8Array, offset: number, value: number): void {
  const high = Math.floor(value / 0x1_0000_0000);
  const low = value >>> 0;
  out[offset] = high >>> 24;
  out[offset + 1] = (high >>> 16) & 0xff;
  out[offset + 2] = (high >>> 8) & 0xff;
  out[offset + 3] = high & 0xff;
  out[offset + 4] = low >>> 24;
  out[offset + 5] = (low >>> 16) & 0xff;
  out[offset + 6] = (low >>> 8) & 0xff;
  out[offset + 7] = low & 0xff;
}
