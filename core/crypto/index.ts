/**
 * Cryptography: the public surface. Hashes (BLAKE3, SHA-256), Ed25519 signing with Spacemesh's signing domains, and
 * the ECVRF used for eligibility proofs.
 * @module
 */
export { blake3, blake3_20, sha256 } from './hash.js';
export { SigningDomain, assertSigningDomain, signingBytes } from './domains.js';
export {
  EdSigner,
  EdVerifier,
  PUBLIC_KEY_LENGTH,
  SEED_LENGTH,
  SIGNATURE_LENGTH,
  publicKeyFromSeed,
  signEd25519,
  verifyEd25519,
} from './ed25519.js';
export { VRF_OUTPUT_LENGTH, VRF_PROOF_LENGTH, type VrfProver, createVrfProver, vrfProofToHash, vrfProve, vrfVerify } from './ecvrf.js';
