/**
 * The smesher's side of PoET (docs/protocol/poet.md §5; go-spacemesh `activation/nipost.go`): sign and submit a
 * challenge to every PoET, wait for each round's proof, check the PoSW proof against the statement rebuilt from the
 * member list, build the membership proof, and keep the proof with the most leaves. I/O through {@link PoetClient}.
 * @module
 */
import { SigningDomain, signingBytes } from '../crypto/domains.js';
import type { EdSigner } from '../crypto/ed25519.js';
import { type Clock, sleep } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { PoetClient } from './client.js';
import { poetProofRef } from './codec.js';
import { PoetError } from './errors.js';
import { type MembershipProof, buildMembershipProof, membershipRoot, verifyMembership } from './membership.js';
import type { PoswProof } from './proof.js';
import type { ProofResponse } from './rest.js';
import type { Submission } from './service.js';
import { verifyPoswProof } from './verify.js';

/**
 * A signed registration: `prefix = GenesisID || 0x04`, signature over `prefix || challenge` (the signer's POET
 * domain signature is exactly that).
 */
export function signSubmission(signer: EdSigner, genesisId: Uint8Array, challenge: Uint8Array, deadlineMs?: number): Submission {
  return {
    challenge,
    nodeId: signer.publicKey,
    prefix: signingBytes(genesisId, SigningDomain.POET, new Uint8Array()),
    signature: signer.sign(SigningDomain.POET, challenge),
    ...(deadlineMs === undefined ? {} : { deadlineMs }),
  };
}

/** A proof that checked out, with everything the NIPoST needs. */
export interface CheckedProof {
  readonly poet: string;
  readonly round: number;
  readonly proof: PoswProof;
  /** `PoetProofRef`: the PoST challenge. */
  readonly ref: Uint8Array;
  readonly statement: Uint8Array;
  readonly membership: MembershipProof;
}

/**
 * Checks a proof response for `challenge`: the member list gives the statement, the PoSW proof must verify over it,
 * and the challenge must be a member with a verifying membership proof.
 * @throws {PoetError} NOT_FOUND when the challenge is not a member, INVALID_PROOF when anything does not verify
 */
export function checkProofResponse(poet: string, round: number, response: ProofResponse, challenge: Uint8Array): CheckedProof {
  if (response.members.length === 0) throw new PoetError('INVALID_PROOF', 'proof response lists no members');
  const statement = membershipRoot(response.members);
  verifyPoswProof(response.proof, statement);
  const membership = buildMembershipProof(response.members, challenge);
  if (!verifyMembership(statement, challenge, membership)) throw new PoetError('INVALID_PROOF', 'membership proof does not verify');
  return { poet, round, proof: response.proof, ref: poetProofRef(response.proof), statement, membership };
}

export interface WaitOptions {
  readonly clock: Clock;
  /** Time between polls while the proof is not there yet. */
  readonly pollMs: number;
  /** Give up at this time (ms). */
  readonly untilMs: number;
  readonly signal?: AbortSignal;
}

/**
 * Polls `client` for `round`'s proof until it is served.
 * @throws {PoetError} NOT_FOUND when `untilMs` passes first; UNAVAILABLE / BAD_RESPONSE from the client
 */
export async function waitForProof(client: PoetClient, round: number, options: WaitOptions): Promise<ProofResponse> {
  for (;;) {
    const response = await client.proof(round, options.signal);
    if (response !== undefined) return response;
    if (options.clock.now() + options.pollMs > options.untilMs) {
      throw new PoetError('NOT_FOUND', `PoET ${client.url} served no proof for round ${round} in time`);
    }
    await sleep(options.clock, options.pollMs, options.signal);
  }
}

/** The best of several checked proofs: the largest leaf count (go-spacemesh `getBestProof`). */
export function pickBestProof(proofs: readonly CheckedProof[]): CheckedProof | undefined {
  let best: CheckedProof | undefined;
  for (const p of proofs) if (best === undefined || p.proof.leafCount > best.proof.leafCount) best = p;
  return best;
}

/** One PoET the smesher registered with, and for which round. */
export interface Registration {
  readonly client: PoetClient;
  readonly round: number;
}

/**
 * Waits for every registration's proof, checks each, and returns the best one. A PoET that fails (down, bad proof,
 * challenge missing) is skipped with its reason.
 * @returns the best proof and the reasons others were dropped
 * @throws {PoetError} NOT_FOUND when no PoET produced a usable proof
 */
export async function fetchBestProof(
  registrations: readonly Registration[],
  challenge: Uint8Array,
  options: WaitOptions,
): Promise<{ best: CheckedProof; failures: { poet: string; reason: string }[] }> {
  const failures: { poet: string; reason: string }[] = [];
  const settled = await Promise.all(
    registrations.map(async ({ client, round }) => {
      try {
        return checkProofResponse(client.url, round, await waitForProof(client, round, options), challenge);
      } catch (err) {
        failures.push({ poet: client.url, reason: errorMessage(err) });
        return undefined;
      }
    }),
  );
  const best = pickBestProof(settled.filter((p): p is CheckedProof => p !== undefined));
  if (best === undefined) {
    throw new PoetError('NOT_FOUND', `no usable PoET proof: ${failures.map((f) => `${f.poet}: ${f.reason}`).join('; ')}`);
  }
  return { best, failures };
}
