/**
 * Malfeasance proof input: gossip (`mp1`, a `MalfeasanceGossip`) and proofs fetched by the `malfeasance` hint (a
 * bare `MalfeasanceProof`): decode → validate → known already? → store → verdict (docs/conventions.md §2 handler).
 * Plus {@link recordProof}, how this node keeps a proof it built itself from two messages it saw. One proof per
 * identity is kept (state.sql `malfeasance`, the go-format `MalfeasanceProof` bytes, as go's
 * `identities.SetMalicious` keeps them); a proven identity's ATXs, ballots and hare messages then get no weight.
 * I/O: state.sql.
 * @module
 */
import { getLastAtx, getMalfeasance, insertMalfeasance } from '../activation/store.js';
import type { EdVerifier } from '../crypto/ed25519.js';
import type { Executor } from '../db/index.js';
import { bytesToHex } from '../util/bytes.js';
import { type Verdict, accept, ignore, reject } from '../util/verdict.js';
import { MalfeasanceError } from './errors.js';
import { type PostCheckContext, type ProofValidationContext, type ValidProof, validateGossipBytes, validateProofBytes } from './validate.js';
import { type MalfeasanceProof, encodeMalfeasanceProof, proofSmesherId } from './wire.js';

/** accept: a new proof, stored; ignore: known already, or not judgeable here; reject: invalid (the sender's fault). */
export type MalfeasanceVerdict = Verdict<ValidProof, MalfeasanceError>;

export interface MalfeasanceHandlerDeps {
  readonly db: Executor;
  readonly verifier: Pick<EdVerifier, 'verify'>;
  now(): number;
  /** The network's PoST parameters, to judge kind 4 (invalid post index); without them such proofs are ignored. */
  readonly post?: Omit<PostCheckContext, 'commitmentOf'>;
}

/** Not the sender's fault: an identity this node has not synced, a kind it cannot judge yet, a proof it has. */
const IGNORE_CODES: ReadonlySet<string> = new Set(['UNKNOWN_IDENTITY', 'UNSUPPORTED', 'DUPLICATE']);

function context(deps: MalfeasanceHandlerDeps): ProofValidationContext {
  const hasIdentity = (id: Uint8Array): boolean => getLastAtx(deps.db, id) !== undefined;
  if (deps.post === undefined) return { verifier: deps.verifier, hasIdentity };
  // Every ATX of an identity carries its initial ATX's commitment, so the latest one answers.
  return { verifier: deps.verifier, hasIdentity, post: { ...deps.post, commitmentOf: (id) => getLastAtx(deps.db, id)?.commitmentId } };
}

function judge(deps: MalfeasanceHandlerDeps, run: (ctx: ProofValidationContext) => ValidProof): MalfeasanceVerdict {
  let valid: ValidProof;
  try {
    valid = run(context(deps));
  } catch (err) {
    if (err instanceof MalfeasanceError) return IGNORE_CODES.has(err.code) ? ignore(err) : reject(err);
    throw err;
  }
  return deps.db.transaction((): MalfeasanceVerdict => {
    if (getMalfeasance(deps.db, valid.smesherId) !== undefined) {
      return ignore(new MalfeasanceError('DUPLICATE', `identity ${bytesToHex(valid.smesherId)} is proven malicious already`));
    }
    insertMalfeasance(deps.db, valid.smesherId, valid.kind, encodeMalfeasanceProof(valid.proof), deps.now());
    return accept(valid);
  }).immediate();
}

/**
 * Handles one `mp1` message.
 * @returns the verdict; never throws for bad input
 * @throws rethrows database failures
 */
export function handleMalfeasanceGossip(deps: MalfeasanceHandlerDeps, bytes: Uint8Array): MalfeasanceVerdict {
  return judge(deps, (ctx) => validateGossipBytes(ctx, bytes));
}

/**
 * Handles one proof fetched from a peer (hint `malfeasance`, go's `HandleSyncedMalfeasanceProof`).
 * @returns the verdict; never throws for bad input
 */
export function handleSyncedProof(deps: MalfeasanceHandlerDeps, bytes: Uint8Array): MalfeasanceVerdict {
  return judge(deps, (ctx) => validateProofBytes(ctx, bytes));
}

/**
 * Keeps a proof this node built (core/malfeasance/proofs.ts) from two signed messages it verified. Runs inside the
 * caller's transaction when there is one.
 * @returns true when the identity had no proof yet (the caller then gossips it), false when it had one
 */
export function recordProof(db: Executor, proof: MalfeasanceProof, receivedMs: number): boolean {
  const smesherId = proofSmesherId(proof.proof);
  if (getMalfeasance(db, smesherId) !== undefined) return false;
  insertMalfeasance(db, smesherId, proof.proof.type, encodeMalfeasanceProof(proof), receivedMs);
  return true;
}
