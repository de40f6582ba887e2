/**
 * The beacon's weak coin for one epoch (docs/protocol/beacon.md §3.4; go-spacemesh `beacon/weakcoin/weak_coin.go`,
 * `handler.go`): in each following round every identity proves `VRF{Type = 4, Nonce, Epoch, Round, Unit}` for each
 * of its units and offers its smallest proof; the round's coin is the lowest bit of the smallest proof seen
 * (proofs compare little-endian). Messages for the next round are kept until it starts. Pure.
 * @module
 */
import { bytesToHex } from '../util/bytes.js';
import { type Verdict, accept, ignore, reject } from '../util/verdict.js';
import { BeaconError } from './errors.js';
import { compareVrfLE, weakCoinBit } from './logic.js';
import { type WeakCoinMessage, decodeWeakCoinMessage, weakCoinVrfMessage } from './wire.js';

/** go keeps at most this many next-round messages (`NextRoundBufferSize`). */
const NEXT_ROUND_BUFFER = 10_000;

export interface WeakCoinDeps {
  readonly epoch: number;
  vrfVerify(publicKey: Uint8Array, alpha: Uint8Array, proof: Uint8Array): Uint8Array | null;
  miner(smesherId: Uint8Array): { readonly vrfNonce: bigint; readonly numUnits: number; readonly malicious: boolean } | undefined;
}

export class WeakCoin {
  readonly #deps: WeakCoinDeps;
  #round = 0;
  #roundStarted = false;
  #smallest: Uint8Array | null = null;
  readonly #coins = new Map<number, boolean>();
  #buffer: WeakCoinMessage[] = [];

  constructor(deps: WeakCoinDeps) {
    this.#deps = deps;
  }

  /** go `MinerAllowance`: the identity's units, none when it is malicious or unknown. */
  allowance(smesherId: Uint8Array): number {
    const m = this.#deps.miner(smesherId);
    return m === undefined || m.malicious ? 0 : m.numUnits;
  }

  /** Opens a round and counts the messages that came for it early. */
  startRound(round: number): void {
    this.#round = round;
    this.#roundStarted = true;
    const buffered = this.#buffer;
    this.#buffer = [];
    for (const m of buffered) if (m.round === round) this.#count(m);
  }

  /**
   * The message an identity sends: its smallest proof over its units, or null when it has no units or a smaller
   * proof was already seen (go `prepareProposal`).
   */
  ownMessage(smesherId: Uint8Array, vrfNonce: bigint, prove: (alpha: Uint8Array) => Uint8Array): WeakCoinMessage | null {
    let best: WeakCoinMessage | null = null;
    const units = this.allowance(smesherId);
    for (let unit = 0; unit < units; unit++) {
      const sig = prove(weakCoinVrfMessage(this.#deps.epoch, vrfNonce, this.#round, unit));
      if (best === null || compareVrfLE(sig, best.vrfSignature) < 0) best = { epoch: this.#deps.epoch, round: this.#round, unit, nodeId: smesherId, vrfSignature: sig };
    }
    if (best === null || (this.#smallest !== null && compareVrfLE(best.vrfSignature, this.#smallest) >= 0)) return null;
    return best;
  }

  /** Network input on `bw1` (go `HandleProposal`). */
  onMessage(bytes: Uint8Array): Verdict<unknown, BeaconError> {
    let m: WeakCoinMessage;
    try {
      m = decodeWeakCoinMessage(bytes);
    } catch (e) {
      return reject(new BeaconError('MALFORMED', `weak coin message does not decode: ${(e as Error).message}`));
    }
    if (m.epoch !== this.#deps.epoch) return ignore(new BeaconError('WRONG_EPOCH', `weak coin for epoch ${m.epoch}, running ${this.#deps.epoch}`));
    if (m.round !== this.#round || !this.#roundStarted) {
      // go isNextRound: the coming round (or the first, before any round started) is kept for later.
      const next = (m.round === this.#round + 1) || (!this.#roundStarted && m.round === this.#round);
      if (next && this.#buffer.length < NEXT_ROUND_BUFFER) {
        this.#buffer.push(m);
        return ignore(new BeaconError('WRONG_ROUND', `weak coin for round ${m.round} kept until it starts`));
      }
      return ignore(new BeaconError('WRONG_ROUND', `weak coin for round ${m.round}, running ${this.#round}`));
    }
    return this.#count(m);
  }

  #count(m: WeakCoinMessage): Verdict<unknown, BeaconError> {
    const miner = this.#deps.miner(m.nodeId);
    // Ignored, as for proposals and votes: the ATX may not have reached this node yet, which is not the sender's fault
    // (a reject would lower an honest peer's score).
    if (miner === undefined) return ignore(new BeaconError('UNKNOWN_IDENTITY', `weak coin from ${bytesToHex(m.nodeId)}, which has no ATX for epoch ${m.epoch} here`));
    if (this.#deps.vrfVerify(m.nodeId, weakCoinVrfMessage(m.epoch, miner.vrfNonce, m.round, m.unit), m.vrfSignature) === null) {
      return reject(new BeaconError('BAD_VRF', `weak coin VRF of ${bytesToHex(m.nodeId)} does not verify`));
    }
    // go compares `allowance < unit`: with units 0..allowance-1 a unit equal to the allowance slips through there;
    // here it is refused as the units an identity can prove for are exactly its allowance.
    if (m.unit >= this.allowance(m.nodeId)) return reject(new BeaconError('NOT_ELIGIBLE', `weak coin unit ${m.unit} beyond the allowance of ${bytesToHex(m.nodeId)}`));
    if (this.#smallest !== null && compareVrfLE(m.vrfSignature, this.#smallest) >= 0) return ignore(new BeaconError('NOT_SMALLEST', 'a smaller weak coin proof was seen'));
    this.#smallest = m.vrfSignature.slice();
    return accept();
  }

  /** Closes the round: its coin is fixed, or absent when no proof came (go `FinishRound`). */
  finishRound(): void {
    this.#roundStarted = false;
    if (this.#smallest !== null) this.#coins.set(this.#round, weakCoinBit(this.#smallest));
    this.#smallest = null;
  }

  /** The coin of a finished round, or null when none was generated. */
  coin(round: number): boolean | null {
    return this.#coins.get(round) ?? null;
  }
}
