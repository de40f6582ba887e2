/**
 * The beacon protocol's arithmetic (docs/protocol/beacon.md §3.3, §3.5; go-spacemesh `beacon/votes_calc.go`,
 * `beacon/codec.go`, `beacon/proposal_list.go`, `beacon/weakcoin/weak_coin.go`): vote margins against θ of the epoch
 * weight, the following-round bit vector, the weak coin's ordering and bit, and the beacon as the first 4 bytes of
 * blake3 over the sorted supported proposals. Pure.
 * @module
 */
import { blake3 } from '../crypto/hash.js';
import { bytesToHex, compareBytes, hexToBytes } from '../util/bytes.js';
import { BEACON_LENGTH } from './interface.js';

/** A proposal value (4 bytes) by its hex, so sets and maps compare by value. */
export type ProposalKey = string;
export const proposalKey = (p: Uint8Array): ProposalKey => bytesToHex(p);
export const proposalOf = (k: ProposalKey): Uint8Array => hexToBytes(k);

/** Proposals sorted by bytes (go `proposalList.sort`). */
export function sortProposals(set: Iterable<ProposalKey>): Uint8Array[] {
  return [...set].map(proposalOf).sort(compareBytes);
}

/** The beacon from the supported proposals: blake3 of their concatenation in byte order, first 4 bytes. */
export function beaconFromProposals(support: Iterable<ProposalKey>): Uint8Array {
  return blake3(...sortProposals(support)).slice(0, BEACON_LENGTH);
}

/** θ · W truncated, as go's `votingThreshold` (exact for θ = 1/4: a shift of W's exponent). */
export function votingThreshold(theta: { num: number; den: number }, epochWeight: bigint): bigint {
  return (epochWeight * BigInt(theta.num)) / BigInt(theta.den);
}

export interface OwnVotes {
  readonly support: ReadonlySet<ProposalKey>;
  readonly against: ReadonlySet<ProposalKey>;
}

/** go `calcVotes`: margin ≥ threshold supports, ≤ −threshold is against, in between is undecided. */
export function calcVotes(margins: ReadonlyMap<ProposalKey, bigint>, threshold: bigint): { votes: OwnVotes; undecided: ProposalKey[] } {
  const support = new Set<ProposalKey>();
  const against = new Set<ProposalKey>();
  const undecided: ProposalKey[] = [];
  for (const [p, margin] of margins) {
    if (margin >= threshold) support.add(p);
    else if (margin <= -threshold) against.add(p);
    else undecided.push(p);
  }
  return { votes: { support, against }, undecided };
}

/** go `tallyUndecided`: the weak coin decides what the margins left open. */
export function tallyUndecided(votes: OwnVotes, undecided: readonly ProposalKey[], coin: boolean): OwnVotes {
  const support = new Set(votes.support);
  const against = new Set(votes.against);
  for (const p of undecided) (coin ? support : against).add(p);
  return { support, against };
}

/**
 * go `encodeVotes`: bit i set when the voter supports the i-th proposal of its own first-round list, as
 * `big.Int.Bytes()` (big-endian, no leading zero bytes; empty when nothing is supported).
 */
export function encodeVoteBits(votes: OwnVotes, firstRound: readonly Uint8Array[]): Uint8Array {
  let bits = 0n;
  firstRound.forEach((p, i) => {
    if (votes.support.has(proposalKey(p))) bits |= 1n << BigInt(i);
  });
  if (bits === 0n) return new Uint8Array(0);
  const hex = bits.toString(16);
  return hexToBytes(hex.length % 2 === 0 ? hex : `0${hex}`);
}

/** go `decodeVotes`: each proposal of the sender's first-round list is supported (bit set) or against. */
export function decodeVoteBits(bitVector: Uint8Array, firstRound: readonly Uint8Array[]): OwnVotes {
  let bits = 0n;
  for (const b of bitVector) bits = (bits << 8n) | BigInt(b);
  const support = new Set<ProposalKey>();
  const against = new Set<ProposalKey>();
  firstRound.forEach((p, i) => ((bits >> BigInt(i)) & 1n ? support : against).add(proposalKey(p)));
  return { support, against };
}

/** go `VrfSignature.Cmp`: VRF proofs compare as little-endian numbers (last byte most significant). */
export function compareVrfLE(a: Uint8Array, b: Uint8Array): number {
  for (let i = a.length - 1; i >= 0; i--) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]! ? -1 : 1;
  }
  return 0;
}

/** go `VrfSignature.LSB`: the weak coin is the lowest bit of the smallest proof's first byte. */
export function weakCoinBit(smallest: Uint8Array): boolean {
  return (smallest[0]! & 1) === 1;
}
