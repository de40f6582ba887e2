/**
 * Go's 20-byte id types (ProposalID, BlockID) as bytes for hashing: the hare and block generation both hash ids in
 * their zero-padded 32-byte form. Pure.
 * @module
 */

/** Go's `ProposalID.Bytes()` / `BlockID.Bytes()`: the 20-byte id zero-padded to 32 (docs/protocol/eligibility.md §6 hashing quirk). */
export function pad32(id20Bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  out.set(id20Bytes);
  return out;
}
