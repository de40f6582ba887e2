/**
 * ATX input (from the network or this node's own publisher): decode → known? → double publish? → validate →
 * store in one transaction → verdict (docs/conventions.md §2 handler). A second, different ATX by one identity for one
 * publish epoch is not stored as an ATX; the pair goes to {@link AtxHandlerDeps.onDoublePublish}, which keeps it as a
 * go-format malfeasance proof (core/malfeasance, wired by the node; docs/protocol/activation.md §3), as are an ATX
 * whose NIPoST fails at one PoST index and one that reuses a previous ATX (kinds 4 and 5). I/O: state.sql.
 * @module
 */
import { decode } from '../codec/index.js';
import type { Executor } from '../db/index.js';
import { SigningDomain } from '../crypto/domains.js';
import { bytesToHex } from '../util/bytes.js';
import { errorMessage } from '../util/errors.js';
import { type Verdict, accept, ignore, reject } from '../util/verdict.js';
import { ActivationError } from './errors.js';
import {
  type AtxRow,
  getAtx,
  getAtxBlob,
  getAtxBySmesherEpoch,
  getAtxWithPrevious,
  getLastAtx,
  getPoetStatement,
  hasAtx,
  insertAtx,
} from './store.js';
import { type AtxValidationContext, validateAtx } from './validate.js';
import { ActivationTxV1, atxIdV1, atxSignedBytesForId } from './wire.js';

/** accept: stored (the row); ignore: already known; reject: invalid (the sender is at fault). */
export type AtxVerdict = Verdict<AtxRow, ActivationError>;

export interface AtxHandlerDeps {
  readonly db: Executor;
  /** Everything validation needs but the lookups, the time and the current epoch. */
  readonly validation: Omit<AtxValidationContext, 'getAtx' | 'getLastAtx' | 'getPoetProof' | 'currentEpoch' | 'receivedMs'>;
  now(): number;
  currentEpoch(): number;
  /**
   * A second, correctly signed ATX of one identity for one publish epoch: `first` is the stored one. Keeps the pair
   * as a malfeasance proof (the node wires core/malfeasance `multipleAtxsProof` + `recordProof`, and gossips it).
   */
  onDoublePublish(first: ActivationTxV1, second: ActivationTxV1): void;
  /** A correctly signed ATX whose NIPoST PoST fails at index position `position` (keeps a kind-4 proof). */
  onInvalidPostIndex(atx: ActivationTxV1, position: number): void;
  /** A correctly signed ATX naming the same previous ATX as the stored `stored` (keeps a kind-5 proof). */
  onInvalidPrevAtx(atx: ActivationTxV1, stored: ActivationTxV1): void;
}

/**
 * Refusals that say "not now, not here" rather than "invalid": a reference this node could not get (from its
 * database or, on a network, from peers) or an ATX for an epoch this node's clock has not reached. The sender is
 * not penalised for them; go-spacemesh likewise fails such an ATX without blaming the peer.
 */
const NOT_SENDERS_FAULT: ReadonlySet<string> = new Set(['UNKNOWN_ATX', 'UNKNOWN_POET_PROOF', 'TOO_EARLY']);

/**
 * Handles one encoded ActivationTxV1. Nothing is stored unless the verdict is accept (or a double publish, whose
 * proof is stored).
 * @returns the verdict; never throws for bad input
 */
export function handleAtx(deps: AtxHandlerDeps, bytes: Uint8Array): AtxVerdict {
  let atx: ActivationTxV1;
  try {
    atx = decode(ActivationTxV1, bytes);
  } catch (err) {
    return reject(new ActivationError('MALFORMED', `not an ActivationTxV1: ${errorMessage(err)}`));
  }
  const id = atxIdV1(atx.inner);
  if (hasAtx(deps.db, id)) return ignore(new ActivationError('DUPLICATE', 'known ATX'));
  const { db } = deps;

  const existing = getAtxBySmesherEpoch(db, atx.smesherId, atx.inner.challenge.publishEpoch);
  if (existing !== undefined) {
    // Only a correctly signed second ATX proves anything: anyone can make up bytes naming someone else.
    if (!deps.validation.verifier.verify(SigningDomain.ATX, atx.smesherId, atxSignedBytesForId(atx.inner.challenge.publishEpoch, id), atx.signature)) {
      return reject(new ActivationError('BAD_SIGNATURE', 'ATX signature does not verify'));
    }
    const first = decode(ActivationTxV1, getAtxBlob(db, existing.id)!);
    deps.onDoublePublish(first, atx);
    return reject(
      new ActivationError('DOUBLE_PUBLISH', `identity published a second ATX for epoch ${atx.inner.challenge.publishEpoch}; kept as a malfeasance proof`),
    );
  }

  let row: AtxRow;
  try {
    row = validateAtx(atx, {
      ...deps.validation,
      currentEpoch: deps.currentEpoch(),
      receivedMs: deps.now(),
      getAtx: (atxId) => getAtx(db, atxId),
      getLastAtx: (smesherId, before) => getLastAtx(db, smesherId, before),
      getPoetProof: (ref) => getPoetStatement(db, ref),
    }, id);
  } catch (err) {
    if (!(err instanceof ActivationError)) throw err;
    if (NOT_SENDERS_FAULT.has(err.code)) return ignore(err);
    return reject(provenMalicious(deps, atx, err) ?? err);
  }
  db.transaction(() => insertAtx(db, row, bytes))();
  return accept(row);
}

/**
 * The two validation failures that prove the signer malicious (go-spacemesh `handler_v1.go`; docs/protocol/p2p.md
 * §5): its NIPoST PoST fails at one index (kind 4), or it names a previous ATX that another of its stored ATXs names
 * too (kind 5). Validation checked the signature before either, so the proof holds. Hands the proof's parts to the
 * node and returns the error to reject with, or undefined when `err` proves nothing.
 */
function provenMalicious(deps: AtxHandlerDeps, atx: ActivationTxV1, err: ActivationError): ActivationError | undefined {
  if (err.code === 'INVALID_POST_INDEX' && typeof err.meta.position === 'number') {
    deps.onInvalidPostIndex(atx, err.meta.position);
    return err;
  }
  if (err.code === 'CONTEXT' && err.meta.notLatestPrevious === true) {
    const sibling = getAtxWithPrevious(deps.db, atx.smesherId, atx.inner.challenge.prevAtxId);
    if (sibling === undefined) return undefined;
    deps.onInvalidPrevAtx(atx, decode(ActivationTxV1, getAtxBlob(deps.db, sibling.id)!));
    return new ActivationError('INVALID_PREV_ATX', `identity published a second ATX on previous ATX ${bytesToHex(atx.inner.challenge.prevAtxId)}; kept as a malfeasance proof`);
  }
  return undefined;
}
