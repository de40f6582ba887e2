/**
 * Block certificates on the wire (go-spacemesh `common/types/block.go`, `blocks/certifier.go`;
 * docs/protocol/blocks-and-rewards.md §3): a certifier's `CertifyMessage`, gossiped on `bc1`, and the `Certificate`
 * that gathers enough of them for one block of one layer. The signature covers the SCALE bytes of `CertifyContent`
 * with the HARE signing domain; eligibility is the hare oracle's for round {@link CERTIFY_ROUND}. Pure.
 *
 * ```
 * CertifyMessage { CertifyContent { LayerID c32, BlockID [20], EligibilityCnt c16, Proof [80] }, Signature [64], SmesherID [32] }
 * Certificate    { BlockID [20], Signatures Vec<CertifyMessage> (max 1000) }
 * ```
 * @module
 */
import { type Infer, compact16, compact32, decode, encode, fixedBytes, struct, vec } from '../codec/index.js';

/** go `eligibility.CertifyRound` (`math.MaxUint32 >> 1`): not a hare round, but the same oracle with this round. */
export const CERTIFY_ROUND = 0x7fff_ffff;
/** go's `scale:"max=1000"` on `Certificate.Signatures`. */
export const MAX_CERTIFY_SIGNATURES = 1000;
/** go `types.EmptyBlockID`: the certified hare output of a layer the hare decided empty. */
export const EMPTY_BLOCK_ID = new Uint8Array(20);

export const CertifyContent = struct('CertifyContent', {
  layer: compact32,
  blockId: fixedBytes(20),
  eligibilityCount: compact16,
  proof: fixedBytes(80),
});
export type CertifyContent = Infer<typeof CertifyContent>;

export const CertifyMessage = struct('CertifyMessage', {
  content: CertifyContent,
  signature: fixedBytes(64),
  smesherId: fixedBytes(32),
});
export type CertifyMessage = Infer<typeof CertifyMessage>;

export const Certificate = struct('Certificate', {
  blockId: fixedBytes(20),
  signatures: vec(CertifyMessage, MAX_CERTIFY_SIGNATURES),
});
export type Certificate = Infer<typeof Certificate>;

/** What a certifier signs (go `CertifyMessage.Bytes`). */
export function certifySignedBytes(content: CertifyContent): Uint8Array {
  return encode(CertifyContent, content);
}

export function encodeCertifyMessage(m: CertifyMessage): Uint8Array {
  return encode(CertifyMessage, m);
}

/** @throws {ScaleError} for bytes that are not exactly one message */
export function decodeCertifyMessage(bytes: Uint8Array): CertifyMessage {
  return decode(CertifyMessage, bytes);
}

export function encodeCertificate(c: Certificate): Uint8Array {
  return encode(Certificate, c);
}

/** @throws {ScaleError} for bytes that are not exactly one certificate */
export function decodeCertificate(bytes: Uint8Array): Certificate {
  return decode(Certificate, bytes);
}
