/**
 * The block certifier (go-spacemesh `blocks/certifier.go`; docs/protocol/blocks-and-rewards.md §3): after the hare
 * decides a layer, each of this node's identities that the hare oracle makes eligible for {@link CERTIFY_ROUND}
 * signs a `CertifyMessage` for the decided block (the empty block id for an empty layer), gossiped on `bc1`. Messages
 * from everyone are checked (HARE-domain signature, VRF proof, eligibility count) and summed per (layer, block);
 * once this node's own hare output for the layer has been registered and the counts reach the threshold
 * (committee / 2 + 1) the messages become a `Certificate`, stored in state.sql, so a node that did not witness the
 * hare (a syncing one) can trust the block. A certificate from sync is checked the same way. A valid certificate
 * trumps this node's own uncertified hare output for the layer; two valid certificates for one layer are kept both
 * valid and reported as a conflict for the tortoise. Messages live in memory for a window of layers. I/O: state.sql.
 * @module
 */
import { ScaleError } from '../codec/index.js';
import { SigningDomain } from '../crypto/domains.js';
import { vrfVerify } from '../crypto/ecvrf.js';
import type { EdSigner, EdVerifier } from '../crypto/ed25519.js';
import type { Executor } from '../db/index.js';
import { eligibilityCount, isValidEligibility } from '../hare/committee.js';
import { vrfFractionNumerator } from '../hare/vrfFraction.js';
import { epochOfLayer } from '../types/layers.js';
import { hareVrfMessage } from '../types/vrfMessages.js';
import { bytesToHex, equalBytes } from '../util/bytes.js';
import { CodedError } from '../util/errors.js';
import { type Verdict, accept, ignore, reject } from '../util/verdict.js';
import { listCertificates, putCertificate, putHareOutputBlock, setCertificateValidity } from './certStore.js';
import {
  CERTIFY_ROUND,
  type Certificate,
  type CertifyMessage,
  certifySignedBytes,
  decodeCertificate,
  decodeCertifyMessage,
  encodeCertificate,
  encodeCertifyMessage,
} from './certificate.js';

export type CertifyErrorCode =
  | 'MALFORMED'
  | 'BAD_SIGNATURE'
  /** Not eligible: a VRF proof that does not verify, or a count the VRF does not give. */
  | 'NOT_ELIGIBLE'
  /**
   * Not eligible in this node's view: the sender is not in its active set of the epoch, or its VRF proof does not
   * verify under this node's beacon. Views differ between nodes (one cut off while ATXs were published or the beacon
   * computed holds other ones): not provably the sender's fault, so ignored rather than scored down.
   */
  | 'NOT_IN_ACTIVE_SET'
  /** The epoch's beacon or active set is not known here yet (not the sender's fault). */
  | 'NOT_READY'
  /** A layer outside the window this node collects for (go's `expected`). */
  | 'UNEXPECTED_LAYER'
  | 'DUPLICATE'
  /** A certificate whose valid messages for its layer and block weigh less than the threshold. */
  | 'BELOW_THRESHOLD';

export class CertifyError extends CodedError<CertifyErrorCode> {}

/** Refusals that follow from this node's view, not from the message: ignored, the sender not scored down. */
const VIEW_CODES: ReadonlySet<CertifyErrorCode> = new Set(['NOT_READY', 'NOT_IN_ACTIVE_SET']);

/** The epoch's active set as the hare oracle sees it. */
export interface EpochWeights {
  weightOf(smesherId: Uint8Array): bigint | null;
  readonly total: bigint;
}

export interface CertifierDeps {
  readonly db: Executor;
  readonly verifier: Pick<EdVerifier, 'verify'>;
  /** Certifier committee size (go `Certificate.CommitteeSize`; the hare committee where a network sets none). */
  readonly committee: number;
  readonly layersPerEpoch: number;
  /** Layers after effective genesis get certified; earlier ones have no hare. */
  readonly effectiveGenesis: number;
  currentLayer(): number;
  beaconOf(epoch: number): Uint8Array | null;
  weights(epoch: number): EpochWeights | null;
  /** This node's identities now. */
  signers(): readonly EdSigner[];
}

/** go `defaultCertConfig`: messages are taken within this many layers around the current one, and kept this long. */
const LAYER_BUFFER = 5;
const LAYERS_KEPT = 10;

interface Collected {
  registered: boolean;
  done: boolean;
  total: number;
  readonly bySmesher: Map<string, CertifyMessage>;
}

/** What storing a certificate found: `conflict` when another valid certificate exists for the layer. */
export interface CertificateOutcome {
  readonly layer: number;
  readonly blockId: Uint8Array;
  readonly conflict: boolean;
}

export type CertifyVerdict = Verdict<{ readonly certified: CertificateOutcome | null }, CertifyError>;

export class Certifier {
  readonly threshold: number;
  readonly #deps: CertifierDeps;
  /** layer → block id (hex) → what was collected. */
  readonly #collected = new Map<number, Map<string, Collected>>();

  constructor(deps: CertifierDeps) {
    if (!Number.isSafeInteger(deps.committee) || deps.committee < 1) throw new RangeError(`committee: expected a positive integer, got ${deps.committee}`);
    this.#deps = deps;
    this.threshold = Math.floor(deps.committee / 2) + 1;
  }

  /**
   * This node's hare decided `blockId` for `layer` (go `saveAndCertify`): registers it for a certificate and signs a
   * certify message for each eligible identity of this node. The caller gossips them (its own handler judges them
   * first, like anyone's).
   * @returns the encoded messages to send, and a certificate if the messages already collected complete one
   */
  certify(layer: number, blockId: Uint8Array): { messages: Uint8Array[]; certified: CertificateOutcome | null } {
    const { db } = this.#deps;
    putHareOutputBlock(db, layer, blockId);
    const entry = this.#entry(layer, blockId);
    entry.registered = true;
    const certified = this.#tryCertificate(layer, blockId, entry);
    const epoch = epochOfLayer(layer, this.#deps.layersPerEpoch);
    const beacon = this.#deps.beaconOf(epoch);
    const weights = this.#deps.weights(epoch);
    if (beacon === null || weights === null) return { messages: [], certified };
    const vrfMessage = hareVrfMessage(beacon, CERTIFY_ROUND, layer);
    const messages: Uint8Array[] = [];
    for (const signer of this.#deps.signers()) {
      const weight = weights.weightOf(signer.publicKey);
      if (weight === null || weights.total === 0n) continue;
      const proof = signer.vrfProve(vrfMessage);
      const count = eligibilityCount(weight, weights.total, this.#deps.committee, vrfFractionNumerator(proof));
      if (count === 0) continue;
      const content = { layer, blockId, eligibilityCount: count, proof };
      messages.push(encodeCertifyMessage({ content, signature: signer.sign(SigningDomain.HARE, certifySignedBytes(content)), smesherId: signer.publicKey }));
    }
    return { messages, certified };
  }

  /**
   * One `bc1` message (go `HandleCertifyMessage`).
   * @returns accept (relay; `certified` when it completed a certificate), ignore (not now, or already counted), or
   *   reject (forged or not eligible: the sender's fault); never throws for bad input
   */
  onMessage(bytes: Uint8Array): CertifyVerdict {
    let msg: CertifyMessage;
    try {
      msg = decodeCertifyMessage(bytes);
    } catch (err) {
      if (err instanceof ScaleError) return reject(new CertifyError('MALFORMED', `not a CertifyMessage: ${err.message}`));
      throw err;
    }
    const { layer, blockId } = msg.content;
    if (!this.#expected(layer)) return ignore(new CertifyError('UNEXPECTED_LAYER', `certify message for layer ${layer}, outside the window`));
    const entry = this.#entry(layer, blockId);
    // go relays messages for a certified block without checking them again.
    if (entry.done) return accept({ certified: null });
    const problem = this.#check(msg);
    if (problem !== null) return VIEW_CODES.has(problem.code) ? ignore(problem) : reject(problem);
    const sender = bytesToHex(msg.smesherId);
    if (entry.bySmesher.has(sender)) return ignore(new CertifyError('DUPLICATE', `certify message of ${sender} for this block is counted`));
    entry.bySmesher.set(sender, msg);
    entry.total += msg.content.eligibilityCount;
    return accept({ certified: this.#tryCertificate(layer, blockId, entry) });
  }

  /**
   * A certificate fetched while syncing (go `HandleSyncedCertificate`): kept when its valid messages for this layer
   * and block weigh at least the threshold.
   */
  onSyncedCertificate(layer: number, bytes: Uint8Array): CertifyVerdict {
    let cert: Certificate;
    try {
      cert = decodeCertificate(bytes);
    } catch (err) {
      if (err instanceof ScaleError) return reject(new CertifyError('MALFORMED', `not a Certificate: ${err.message}`));
      throw err;
    }
    const problem = this.#checkCertificate(layer, cert);
    if (problem !== null) return VIEW_CODES.has(problem.code) ? ignore(problem) : reject(problem);
    const outcome = this.#save(layer, cert);
    const entry = this.#collected.get(layer)?.get(bytesToHex(cert.blockId));
    if (entry !== undefined) entry.done = true;
    return accept({ certified: outcome });
  }

  /** Drops collected messages of layers older than the window (go's `prune`, run at each layer). */
  onLayer(layer: number): void {
    const cutoff = Math.max(this.#deps.effectiveGenesis, layer - LAYERS_KEPT);
    for (const l of this.#collected.keys()) if (l < cutoff) this.#collected.delete(l);
  }

  #expected(layer: number): boolean {
    const current = this.#deps.currentLayer();
    const start = current > LAYER_BUFFER + 1 ? current - (LAYER_BUFFER + 1) : this.#deps.effectiveGenesis;
    return layer >= start && layer <= current + LAYER_BUFFER;
  }

  #entry(layer: number, blockId: Uint8Array): Collected {
    let byBlock = this.#collected.get(layer);
    if (byBlock === undefined) {
      byBlock = new Map();
      this.#collected.set(layer, byBlock);
    }
    const key = bytesToHex(blockId);
    let entry = byBlock.get(key);
    if (entry === undefined) {
      entry = { registered: false, done: false, total: 0, bySmesher: new Map() };
      byBlock.set(key, entry);
    }
    return entry;
  }

  /** Why a message does not count, or null when it does (go's `validate`: signature, then the oracle). */
  #check(msg: CertifyMessage): CertifyError | null {
    const { content } = msg;
    if (!this.#deps.verifier.verify(SigningDomain.HARE, msg.smesherId, certifySignedBytes(content), msg.signature)) {
      return new CertifyError('BAD_SIGNATURE', 'certify message signature does not verify');
    }
    const epoch = epochOfLayer(content.layer, this.#deps.layersPerEpoch);
    const beacon = this.#deps.beaconOf(epoch);
    const weights = this.#deps.weights(epoch);
    if (beacon === null || weights === null) return new CertifyError('NOT_READY', `the beacon or active set of epoch ${epoch} is not known here yet`);
    const weight = weights.weightOf(msg.smesherId);
    if (weight === null || weights.total === 0n) return new CertifyError('NOT_IN_ACTIVE_SET', `${bytesToHex(msg.smesherId)} is not in the active set of epoch ${epoch} here`);
    if (vrfVerify(msg.smesherId, hareVrfMessage(beacon, CERTIFY_ROUND, content.layer), content.proof) === null) {
      return new CertifyError('NOT_IN_ACTIVE_SET', "certifier VRF proof does not verify under this node's beacon");
    }
    const count = content.eligibilityCount;
    if (count === 0 || !isValidEligibility(weight, weights.total, this.#deps.committee, vrfFractionNumerator(content.proof), count)) {
      return new CertifyError('NOT_ELIGIBLE', `eligibility count ${count} is not what the VRF gives`);
    }
    return null;
  }

  /**
   * go's `validateCert` sums the counts of the messages that validate. Stricter here: a message counts only if it is
   * for this certificate's layer and block, and once per smesher (honest certificates never carry anything else).
   */
  #checkCertificate(layer: number, cert: Certificate): CertifyError | null {
    let total = 0;
    const seen = new Set<string>();
    let notReady: CertifyError | null = null;
    for (const msg of cert.signatures) {
      if (msg.content.layer !== layer || !equalBytes(msg.content.blockId, cert.blockId)) continue;
      const sender = bytesToHex(msg.smesherId);
      if (seen.has(sender)) continue;
      const problem = this.#check(msg);
      if (problem?.code === 'NOT_READY') notReady = problem;
      if (problem !== null) continue;
      seen.add(sender);
      total += msg.content.eligibilityCount;
    }
    if (total >= this.threshold) return null;
    return notReady ?? new CertifyError('BELOW_THRESHOLD', `certificate for layer ${layer} weighs ${total} of the ${this.threshold} needed`);
  }

  #tryCertificate(layer: number, blockId: Uint8Array, entry: Collected): CertificateOutcome | null {
    // Only for this node's own hare output: other blocks wait for the syncer to fetch their certificate (go).
    if (entry.done || !entry.registered || entry.total < this.threshold) return null;
    entry.done = true;
    return this.#save(layer, { blockId, signatures: [...entry.bySmesher.values()] });
  }

  /** go's `checkAndSave`: earlier rows of the layer are trumped (no certificate) or stay valid (a valid certificate). */
  #save(layer: number, cert: Certificate): CertificateOutcome {
    const { db } = this.#deps;
    return db.transaction((): CertificateOutcome => {
      let conflict = false;
      for (const old of listCertificates(db, layer)) {
        if (equalBytes(old.blockId, cert.blockId)) continue;
        const stillValid = old.cert !== null && this.#checkCertificate(layer, decodeCertificate(old.cert)) === null;
        setCertificateValidity(db, layer, old.blockId, stillValid);
        if (stillValid) conflict = true;
      }
      putCertificate(db, layer, cert.blockId, encodeCertificate(cert));
      return { layer, blockId: cert.blockId, conflict };
    })();
  }
}
