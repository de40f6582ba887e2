/**
 * Hare3 message wire format, signed bytes and value hashes (docs/protocol/hare.md §4; go-spacemesh
 * `hare3/types.go`). Pure.
 * @module
 */
import { compact8, compact16, compact32, type Infer, decode, encode, fixedBytes, option, struct, vec } from '../codec/index.js';
import { blake3 } from '../crypto/hash.js';
import { pad32 } from '../types/ids.js';

/** go-spacemesh `hare3.Round`. */
export const Round = { PREROUND: 0, HARDLOCK: 1, SOFTLOCK: 2, PROPOSE: 3, WAIT1: 4, WAIT2: 5, COMMIT: 6, NOTIFY: 7 } as const;
export type Round = (typeof Round)[keyof typeof Round];

/** Rounds per iteration: `absolute = iter · 7 + round` (the preround exists only in iteration 0). */
export const ROUNDS_PER_ITERATION = 7;

export const MAX_PROPOSALS = 2350;

const HareValue = struct('Value', {
  proposals: vec(fixedBytes(20), MAX_PROPOSALS),
  reference: option(fixedBytes(32)),
});

export const HareBody = struct('Body', {
  layer: compact32,
  iterRound: struct('IterRound', { iter: compact8, round: compact8 }),
  value: HareValue,
  eligibility: struct('Eligibility', { proof: fixedBytes(80), count: compact16 }),
});
export type HareBody = Infer<typeof HareBody>;

export const HareMessage = struct('Message', { body: HareBody, sender: fixedBytes(32), signature: fixedBytes(64) });
export type HareMessage = Infer<typeof HareMessage>;

const HareMetadata = struct('HareMetadata', { layer: compact32, round: compact32, msgHash: fixedBytes(32) });

/** The absolute round number of (iteration, round). */
export function absoluteRound(iter: number, round: number): number {
  return iter * ROUNDS_PER_ITERATION + round;
}

/** (iteration, round) of an absolute round; absolute 7 is iteration 0's notify, 8 iteration 1's hardlock. */
export function iterRoundOf(absolute: number): { iter: number; round: Round } {
  if (absolute === 0) return { iter: 0, round: Round.PREROUND };
  const iter = Math.floor((absolute - 1) / ROUNDS_PER_ITERATION);
  return { iter, round: (absolute - iter * ROUNDS_PER_ITERATION) as Round };
}

/** blake3 of the body: equal bodies have equal hashes (equivocation detection compares these). */
export function bodyHash(body: HareBody): Uint8Array {
  return blake3(encode(HareBody, body));
}

/** The bytes a hare signature covers (domain HARE). */
export function hareSignedBytes(body: HareBody): Uint8Array {
  return encode(HareMetadata, { layer: body.layer, round: absoluteRound(body.iterRound.iter, body.iterRound.round), msgHash: bodyHash(body) });
}

/** go `CalcProposalHash32Presorted`: blake3 over the sorted ids, each zero-padded to 32 bytes (docs/protocol/eligibility.md §6 quirk). */
export function valueHash(sortedIds: readonly Uint8Array[]): Uint8Array {
  return blake3(...sortedIds.map(pad32));
}

export function encodeHareMessage(m: HareMessage): Uint8Array {
  return encode(HareMessage, m);
}

/** @throws {ScaleError} for bytes that are not exactly one message */
export function decodeHareMessage(bytes: Uint8Array): HareMessage {
  return decode(HareMessage, bytes);
}
