/**
 * Consensus wiring for one node (issue #6): beacon, mempool and transaction handler, proposal handler and
 * proposer, hare driver, verifying tortoise and mesh executor, joined on the layer clock. At each layer: apply what
 * is decided (zdist turns silent layers empty), publish this node's proposals, run the hare; the hare output
 * becomes a block and is applied at once. Publishing is in-process (this node's handlers) until p2p exists.
 * createNode calls {@link startConsensus}; nothing here runs without it. I/O.
 * @module
 */
import { type AtxRow, getAtxBySmesherEpoch, getMalfeasance, listAtxsByEpoch } from '../activation/store.js';
import type { Identity } from '../activation/identities.js';
import { type BallotBeaconReport, type BeaconMiner, type BeaconTopicKind, createBeacon, sqlSignedBeaconLog } from '../beacon/index.js';
import { EMPTY_BLOCK_ID } from '../blocks/certificate.js';
import { type CertificateOutcome, Certifier, type CertifyVerdict } from '../blocks/certifier.js';
import { EdVerifier } from '../crypto/ed25519.js';
import type { Executor } from '../db/index.js';
import { HareDriver } from '../hare/driver.js';
import { sqlSignedHareLog } from '../hare/localStore.js';
import { HareSession } from '../hare/session.js';
import { decodeHareMessage } from '../hare/wire.js';
import { type MalfeasanceProof, hareEquivocationProof, malfeasanceKindName, multipleBallotsProof, recordProof } from '../malfeasance/index.js';
import { type TxHandler, createTxHandler, restoreMempool, syncMempoolWithState } from '../mempool/handler.js';
import { Mempool } from '../mempool/pool.js';
import { MeshExecutor } from '../mesh/executor.js';
import type { Preset } from '../params/types.js';
import { type BallotVerdict, type ProposalVerdict, checkBallot, handleBallot, handleProposal } from '../proposals/handler.js';
import { knownBallotBeacon, listProposalsByLayer } from '../proposals/store.js';
import { type Ballot, Ballot as BallotCodec, decodeProposal } from '../proposals/wire.js';
import type { EpochRewardAccount } from '../rewards/account.js';
import { rewardAccount } from './rewardAccount.js';
import { NodeTortoise, type TortoiseVerdict } from './tortoise.js';
import type { DecodedBallot } from '../tortoise/turtle.js';
import { ProposalError } from '../proposals/errors.js';
import { reject } from '../util/verdict.js';
import { decode } from '../codec/index.js';
import { type LayerTiming, effectiveGenesisLayer, epochOfLayer } from '../types/layers.js';
import { bytesToHex, equalBytes } from '../util/bytes.js';
import type { Verdict } from '../util/verdict.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { type VmConfig } from '../vm/vm.js';
import type { MeshEvent } from '../types/timeline.js';
import { Proposer } from '../proposals/proposer.js';

/**
 * Layers after which a layer neither this node's trusted hare nor the syncer decided ends empty anyway (and the
 * tortoise corrects it later if the network decided otherwise): the syncer needs a few layers of later ballots to
 * decide one (core/sync/decide.ts), a network whose every node lacks an active set must not wait for ever, and a
 * mesh that waits longer than the syncer's out-of-sync distance (twice its 4-layer lag) makes the node "syncing",
 * deaf to gossip: a node whose hare failed through a partition then never heard the other side again.
 */
const SYNC_GRACE_LAYERS = 6;

export interface ConsensusOptions {
  readonly state: Executor;
  readonly local: Executor;
  readonly preset: Preset;
  readonly timing: LayerTiming;
  readonly clock: Clock;
  readonly genesisId: Uint8Array;
  readonly identities: readonly Identity[];
  readonly logger: Logger;
  emit(event: MeshEvent): void;
  /**
   * Sends this node's proposals and hare messages to the network, where its own handlers judge them first (the
   * p2p host's publish). Absent on a network of one: they go straight to this node's handlers.
   */
  readonly broadcast?: {
    proposal(bytes: Uint8Array): Promise<void>;
    hare(bytes: Uint8Array): Promise<void>;
    /** Beacon protocol messages (`bp1`, `bf1`, `bo1`, `bw1` by kind). */
    beacon(kind: BeaconTopicKind, bytes: Uint8Array): Promise<void>;
    /** Block certify messages (`bc1`). */
    certify(bytes: Uint8Array): Promise<void>;
  };
  /** A malfeasance proof this node built from two messages it saw and stored anew (the node gossips it on `mp1`). */
  onMalfeasance?(proof: MalfeasanceProof): void;
  /**
   * False while the node catches up (docs/protocol/sync.md §2): no layer work then (no zdist-empty layers, proposals,
   * beacon or hare); the syncer applies layers. Absent: always synced.
   */
  readonly isSynced?: () => boolean;
  /**
   * Fetches a block the tortoise verified but this node does not store (with its transactions), and stores it.
   * Absent on a network of one, where every block is built here.
   */
  readonly fetchBlock?: (layer: number, id: Uint8Array) => Promise<void>;
}

export interface Consensus {
  readonly mempool: Mempool;
  readonly vm: VmConfig;
  readonly tortoise: NodeTortoise;
  readonly mesh: MeshExecutor;
  /** Network input: a transaction (also the API's submit). */
  readonly submitTx: TxHandler;
  /** Network input: a proposal. */
  submitProposal(bytes: Uint8Array): ProposalVerdict;
  /** Network input: a reference ballot fetched on its own (a node that missed it). */
  submitBallot(bytes: Uint8Array): BallotVerdict;
  /** Validates a ballot of any kind without storing it (sync). */
  checkBallot(bytes: Uint8Array): BallotVerdict;
  /** Network input: a block certify message (`bc1`). */
  submitCertify(bytes: Uint8Array): CertifyVerdict;
  /** Network input: a hare message. */
  submitHare(bytes: Uint8Array): ReturnType<HareDriver['onMessage']>;
  /** Network input: a beacon protocol message of a kind (topic); undefined when the preset's beacon is the genesis rule. */
  readonly submitBeacon?: (kind: BeaconTopicKind, bytes: Uint8Array) => Verdict<unknown>;
  /** The clock reached a layer. */
  onLayer(layer: number): void;
  /**
   * Replaces the identities that propose and take part in the hare (smeshing started, stopped); from the next layer
   * on. Rewards stay attributed to every identity this node ever ran: a stopped one's proposals can still pay.
   */
  setIdentities(identities: readonly Identity[]): void;
  /** Forecast vs actual reward of a local identity in an epoch with every difference's cause (item 9), or null. */
  rewardAccount(smesherId: Uint8Array, epoch: number): EpochRewardAccount | null;
  /** Stops the hare; resolves when every running layer has ended. */
  close(): Promise<void>;
}

/** Proposals of one epoch kept while its beacon is unknown (a layer holds about layerAvgSize of them). */
const MAX_WAITING_FOR_BEACON = 10_000;

/** Starts consensus over open databases. */
export function startConsensus(o: ConsensusOptions): Consensus {
  const { state, local, preset, timing, clock } = o;
  const log = o.logger.child({ module: 'consensus' });
  const verifier = new EdVerifier(o.genesisId);
  const beaconMiner = (a: AtxRow): BeaconMiner => ({
    smesherId: a.smesherId,
    weight: BigInt(a.weight),
    numUnits: a.numUnits,
    vrfNonce: BigInt(a.vrfNonce),
    receivedMs: a.receivedMs,
    malicious: getMalfeasance(state, a.smesherId) !== undefined,
  });
  const beaconMode = createBeacon(preset.beacon, o.genesisId, {
    clock,
    timing,
    state,
    verifier,
    logger: o.logger,
    signed: sqlSignedBeaconLog(local, () => clock.now()),
    // Identities with an ATX targeting the epoch (published in the one before), as go's IterateAtxsWithMalfeasance.
    miners: (epoch) => (epoch === 0 ? [] : listAtxsByEpoch(state, epoch - 1).map(beaconMiner)),
    miner(epoch, smesherId) {
      const a = epoch === 0 ? undefined : getAtxBySmesherEpoch(state, smesherId, epoch - 1);
      return a === undefined ? undefined : beaconMiner(a);
    },
    participants: () => identities,
    onBeacon: (epoch) => replayWaiting(epoch),
    publish(kind, bytes) {
      if (o.broadcast === undefined) void submitBeacon?.(kind, bytes);
      else o.broadcast.beacon(kind, bytes).catch((err: unknown) => log.warn('beacon message not sent', { kind, error: (err as Error).message }));
    },
  });
  const beacon = beaconMode.source;
  const beaconDriver = beaconMode.mode === 'protocol' ? beaconMode.source : undefined;
  const submitBeacon =
    beaconDriver === undefined
      ? undefined
      : (kind: BeaconTopicKind, bytes: Uint8Array): Verdict<unknown> => {
          switch (kind) {
            case 'proposal':
              return beaconDriver.onProposal(bytes);
            case 'firstVotes':
              return beaconDriver.onFirstVotes(bytes);
            case 'followingVotes':
              return beaconDriver.onFollowingVotes(bytes);
            default:
              return beaconDriver.onWeakCoin(bytes);
          }
        };
  const vm: VmConfig = { genesisId: o.genesisId, layersPerEpoch: preset.layersPerEpoch, gasLimit: BigInt(preset.blockGasLimit) };
  const mempool = new Mempool();
  restoreMempool(state, o.genesisId, mempool);
  const submitTx = createTxHandler({ db: state, genesisId: o.genesisId, mempool, now: () => clock.now() });
  const abort = new AbortController();
  const running = new Set<Promise<void>>();
  let identities: readonly Identity[] = [...o.identities];
  const localIds = new Set(identities.map((i) => bytesToHex(i.nodeId)));
  /** The layer from which this node has run its layer work without a break (undefined while catching up). */
  let hareFrom: number | undefined;
  /**
   * Whether this node's own hare output may decide `layer` (docs/protocol/sync.md §2): from the second epoch after it
   * caught up on, whose active set it saw being published in time. Before that its active set misses the ATXs it
   * fetched late, so its hare may end without the network's output; such layers are the syncer's, and end empty
   * only {@link SYNC_GRACE_LAYERS} layers on if even peers have no decision.
   */
  const trustsHare = (layer: number): boolean =>
    o.isSynced === undefined ||
    (hareFrom !== undefined && !hareSilent.has(layer) && epochOfLayer(layer, preset.layersPerEpoch) >= epochOfLayer(hareFrom, preset.layersPerEpoch) + 2);
  /**
   * On a network, layers this node's hare left without an output: it could not run because the epoch's beacon was
   * not known at the layer's start (it came later, from reference ballots), or it ended without a result (this node
   * heard too little in time). A missing output there says nothing about the layer, so it is the syncer's to decide
   * from the peers' opinions and the later ballots' votes (what go's tortoise does), not empty after zdist. A devnet
   * node restarted across an epoch's beacon protocol made such layers empty while its peers applied blocks (found by
   * test/sim/beaconKill.test.ts). On a network of one the hare's silence is the answer, as before.
   */
  const hareSilent = new Set<number>();
  const noteHareSilent = (layer: number): void => {
    if (o.isSynced === undefined) return;
    hareSilent.add(layer);
    for (const l of hareSilent) if (l < layer - 2 * preset.layersPerEpoch) hareSilent.delete(l);
  };

  const tortoise = new NodeTortoise({ state, preset, beaconOf: (epoch) => beacon.beaconOf(epoch), logger: o.logger });
  /** Verified decisions whose block is being fetched, by layer. */
  const awaitingBlock = new Map<number, TortoiseVerdict>();
  /** Hands the tortoise's verified decisions to the mesh; a block not stored here is fetched first. */
  const applyVerdicts = (verdicts: readonly TortoiseVerdict[]): void => {
    for (const v of verdicts) {
      if (mesh.onVerdict(v.layer, v.block)) {
        awaitingBlock.delete(v.layer);
        continue;
      }
      if (awaitingBlock.has(v.layer) || o.fetchBlock === undefined || v.block === null) continue;
      awaitingBlock.set(v.layer, v);
      const block = v.block;
      log.info('the tortoise verified a block this node does not have; fetching it', { layer: v.layer, blockId: bytesToHex(block.id) });
      o.fetchBlock(v.layer, block.id)
        .catch((err: unknown) => log.warn('verified block not fetched', { layer: v.layer, error: (err as Error).message }))
        .finally(() => {
          const waiting = awaitingBlock.get(v.layer);
          awaitingBlock.delete(v.layer);
          if (waiting !== undefined) tortoise.onBlock(waiting.layer, block.id);
          if (waiting !== undefined && !abort.signal.aborted) guarded('applying a verified layer', () => mesh.onVerdict(waiting.layer, waiting.block));
        });
    }
  };
  /** Tallies the tortoise up to `layer` and applies what it verified differently. */
  const tally = (layer: number): void => guarded('tortoise tally', () => applyVerdicts(tortoise.tally(layer)));
  const guarded = (what: string, f: () => unknown): void => {
    try {
      f();
    } catch (err) {
      log.error(`${what} failed`, { error: (err as Error).message });
    }
  };
  const mesh = new MeshExecutor({
    db: state,
    vm,
    hdist: preset.tortoise.hdist,
    zdist: preset.tortoise.zdist,
    onApplied({ mesh: m, execution }) {
      syncMempoolWithState(state, mempool);
      // A layer applied from sync, a verdict or zdist is, for the tortoise, that layer's hare output (go's certified
      // sync does the same); one applied from this node's hare output was told already and changes nothing.
      tortoise.onHareOutput(m.layer, m.blockId);
      o.emit({
        event: 'block_applied',
        layer: m.layer,
        blockId: m.blockId === null ? null : bytesToHex(m.blockId),
        decidedBy: m.decidedBy,
        stateHash: bytesToHex(execution.stateHash),
        executedTxs: execution.executed.length,
        burnt: String(execution.burnt),
      });
      for (const r of execution.rewards) {
        if (!localIds.has(bytesToHex(r.smesherId))) continue;
        o.emit({
          event: 'reward',
          smesherId: bytesToHex(r.smesherId),
          coinbase: bytesToHex(r.coinbase),
          layer: m.layer,
          totalReward: String(r.totalReward),
          layerReward: String(r.layerReward),
        });
      }
    },
    ranHare: (layer) => trustsHare(layer) || layer + SYNC_GRACE_LAYERS < Math.floor((clock.now() - timing.genesisTimeMs) / timing.layerDurationMs),
    onReverted(layer) {
      log.warn('opinion of an applied layer changed; state reverted and applied again', { layer });
    },
  });
  // A restarted node rebuilds the tortoise's window from what it stored (go's tortoise/recover.go).
  guarded('tortoise recovery', () => tortoise.recover(mesh.lastApplied()));

  /** Keeps a proof this node built (ballots: inside the handler's transaction) and reports a new one. */
  const recordMalfeasance = (proof: MalfeasanceProof, smesherId: Uint8Array): void => {
    if (!recordProof(state, proof, clock.now())) return;
    tortoise.onMalfeasance(smesherId);
    log.warn('malfeasance proven', { smesherId: bytesToHex(smesherId), kind: malfeasanceKindName(proof.proof.type), layer: proof.layer });
    o.onMalfeasance?.(proof);
  };
  const proposalDeps = {
    db: state,
    verifier,
    params: { layersPerEpoch: preset.layersPerEpoch, layerAvgSize: preset.layerAvgSize, minActiveSetWeight: preset.minActiveSetWeight, txsPerProposal: preset.txsPerProposal },
    beaconOf: (epoch: number) => beacon.beaconOf(epoch),
    currentLayer: () => Math.floor((clock.now() - timing.genesisTimeMs) / timing.layerDurationMs),
    now: () => clock.now(),
    onDoubleBallot: (first: Ballot, second: Ballot) => recordMalfeasance(multipleBallotsProof(first, second), second.smesherId),
    // A node that missed the beacon protocol adopts the beacon its peers' reference ballots carry (issue 15).
    ...(beaconDriver === undefined
      ? {}
      : { reportBeacon: (r: BallotBeaconReport) => beaconDriver.reportBeaconFromBallot(r), reportedReference: (id: Uint8Array) => beaconDriver.reportedReference(id) }),
  };
  /**
   * Proposals ignored for want of their epoch's beacon (this node missed the beacon protocol), judged again once the
   * beacon is adopted from ballots: gossip does not bring them a second time.
   */
  const waitingForBeacon = new Map<number, Uint8Array[]>();
  const replayWaiting = (epoch: number): void => {
    const waiting = waitingForBeacon.get(epoch);
    waitingForBeacon.delete(epoch);
    for (const e of waitingForBeacon.keys()) if (e < epoch) waitingForBeacon.delete(e);
    // Not inside the handler that adopted the beacon: after it has returned.
    if (waiting === undefined) return;
    log.info('proposals that waited for the beacon are judged again', { epoch, count: waiting.length });
    queueMicrotask(() => waiting.forEach((bytes) => void submitProposal(bytes)));
  };
  /**
   * The ballot's votes decoded by the tortoise before the proposal or ballot is judged: impossible votes, or an
   * opinion hash the votes do not give, are refused (the sender scored down). What the decoding needs and this node
   * lacks (a base or reference ballot, an ATX) does not refuse the message: the handler judges it as ever (its
   * NO_BEACON path adopts a beacon from such ballots), and once it is accepted the tortoise decodes it again.
   */
  type CheckedVotes = { readonly ballot: Ballot | null; readonly decoded: DecodedBallot | null } | { readonly verdict: ProposalVerdict };
  const checkVotes = (bytes: Uint8Array, ballotOf: (bytes: Uint8Array) => Ballot): CheckedVotes => {
    let ballot: Ballot;
    try {
      ballot = ballotOf(bytes);
    } catch {
      return { ballot: null, decoded: null }; // malformed: the handler says so
    }
    const checked = tortoise.check(ballot);
    if (!('error' in checked)) return { ballot, decoded: checked.decoded };
    if (checked.error.code === 'INVALID') return { verdict: reject(new ProposalError('BAD_VOTES', checked.error.message)) };
    return { ballot, decoded: null };
  };
  /** An accepted ballot into the tortoise: what was decoded before, or decoded now. */
  const storeVotes = (checked: CheckedVotes): void => {
    if ('verdict' in checked) return;
    if (checked.decoded !== null) tortoise.store(checked.decoded);
    else if (checked.ballot !== null) tortoise.add(checked.ballot);
  };
  const submitProposal = (bytes: Uint8Array): ProposalVerdict => {
    const votes = checkVotes(bytes, (b) => decodeProposal(b).inner.ballot);
    if ('verdict' in votes) {
      if (votes.verdict.kind === 'reject') log.warn('proposal rejected', { code: votes.verdict.error.code, reason: votes.verdict.error.message });
      return votes.verdict;
    }
    const verdict = handleProposal(proposalDeps, bytes);
    if (verdict.kind === 'ignore' && verdict.error.code === 'NO_BEACON' && beaconDriver !== undefined) {
      const epoch = epochOfLayer(decodeProposal(bytes).inner.ballot.inner.layer, preset.layersPerEpoch);
      const waiting = waitingForBeacon.get(epoch) ?? [];
      waitingForBeacon.set(epoch, waiting);
      if (waiting.length < MAX_WAITING_FOR_BEACON) waiting.push(bytes);
    }
    if (verdict.kind === 'accept') storeVotes(votes);
    else if (verdict.kind === 'reject') log.warn('proposal rejected', { code: verdict.error.code, reason: verdict.error.message });
    return verdict;
  };
  const submitBallot = (bytes: Uint8Array): BallotVerdict => {
    const verdict = handleBallot(proposalDeps, bytes);
    if (verdict.kind === 'accept') tortoise.add(verdict.value.ballot);
    else if (verdict.kind === 'reject') log.warn('fetched ballot rejected', { code: verdict.error.code, reason: verdict.error.message });
    return verdict;
  };
  /** A ballot validated without being stored (sync, or a base ballot fetched for later votes): the tortoise counts it. */
  const checkBallotAndCount = (bytes: Uint8Array): BallotVerdict => {
    const votes = checkVotes(bytes, (b) => decode(BallotCodec, b));
    if ('verdict' in votes) return votes.verdict as BallotVerdict;
    const verdict = checkBallot(proposalDeps, bytes);
    if (verdict.kind === 'accept') storeVotes(votes);
    return verdict;
  };

  // Block certificates (docs/protocol/blocks-and-rewards.md §3): the hare oracle over the same active set, for
  // CERTIFY_ROUND, with the network's certifier committee.
  const certifier = new Certifier({
    db: state,
    verifier,
    committee: preset.hare.certifyCommittee,
    layersPerEpoch: preset.layersPerEpoch,
    effectiveGenesis: effectiveGenesisLayer(preset.layersPerEpoch),
    currentLayer: () => Math.floor((clock.now() - timing.genesisTimeMs) / timing.layerDurationMs),
    beaconOf: (epoch) => beacon.beaconOf(epoch),
    weights(epoch) {
      const set = epoch < 2 ? null : proposer.activeSet(epoch);
      if (set === null) return null;
      const byId = new Map(set.atxs.map((a) => [bytesToHex(a.smesherId), BigInt(a.weight)]));
      return { weightOf: (id) => byId.get(bytesToHex(id)) ?? null, total: set.totalWeight };
    },
    signers: () => identities.map((i) => i.signer),
  });
  const onCertified = (outcome: CertificateOutcome | null): void => {
    if (outcome === null) return;
    if (outcome.conflict) log.warn('two valid certificates for one layer; the tortoise decides it', { layer: outcome.layer });
    else log.debug('block certified', { layer: outcome.layer, blockId: bytesToHex(outcome.blockId) });
  };
  const submitCertify = (bytes: Uint8Array): CertifyVerdict => {
    const verdict = certifier.onMessage(bytes);
    if (verdict.kind === 'accept') onCertified(verdict.value.certified);
    else if (verdict.kind === 'reject') log.warn('certify message rejected', { code: verdict.error.code, reason: verdict.error.message });
    return verdict;
  };
  /** This node's hare decided `blockId` for `layer`: register it and send this node's certify messages. */
  const certify = (layer: number, blockId: Uint8Array): void => {
    const { messages, certified } = certifier.certify(layer, blockId);
    onCertified(certified);
    for (const bytes of messages) {
      if (o.broadcast === undefined) submitCertify(bytes);
      else o.broadcast.certify(bytes).catch((err: unknown) => log.warn('certify message not sent', { error: (err as Error).message }));
    }
  };

  const proposer: Proposer = new Proposer({
    state,
    local,
    preset,
    timing,
    beacon,
    mempool,
    identities: () => identities,
    now: () => clock.now(),
    meshHash: (layer) => mesh.opinionOf(layer) ?? mesh.opinionOf(mesh.lastApplied() ?? 0)!,
    votes(layer) {
      try {
        const v = tortoise.encodeVotes(layer);
        return { opinionHash: v.opinionHash, votes: { base: v.base, support: v.support, against: v.against, abstain: v.abstain } };
      } catch (err) {
        log.warn('no ballot: the tortoise could not encode votes', { layer, error: (err as Error).message });
        return err as Error;
      }
    },
    publish(bytes) {
      if (o.broadcast === undefined) void submitProposal(bytes);
      else o.broadcast.proposal(bytes).catch((err: unknown) => log.warn('proposal not sent', { error: (err as Error).message }));
    },
    emit: (event) => o.emit(event),
  });

  const hare: HareDriver = new HareDriver({
    clock,
    timing,
    params: preset.hare,
    logger: log,
    signed: sqlSignedHareLog(local, () => clock.now()),
    makeSession(layer) {
      const epoch = epochOfLayer(layer, preset.layersPerEpoch);
      const set = epoch < 2 ? null : proposer.activeSet(epoch);
      const b = beacon.beaconOf(epoch);
      if (set !== null && b === null) noteHareSilent(layer);
      if (set === null || b === null) return null;
      const weights = new Map(set.atxs.map((a) => [bytesToHex(a.smesherId), BigInt(a.weight)]));
      const participants = identities.flatMap((i) => {
        const w = weights.get(bytesToHex(i.nodeId));
        return w === undefined ? [] : [{ signer: i.signer, weight: w }];
      });
      return new HareSession({
        layer,
        beacon: b,
        committee: preset.hare.committee,
        leaders: preset.hare.leaders,
        iterationsLimit: preset.hare.iterationsLimit,
        verifier,
        weightOf: (id) => weights.get(bytesToHex(id)) ?? null,
        isMalicious: (id) => getMalfeasance(state, id) !== undefined,
        totalWeight: set.totalWeight,
        participants,
      });
    },
    // go's hare leaves out proposals of malicious identities and those whose epoch declares another beacon.
    initialProposals(layer) {
      const local = beacon.beaconOf(epochOfLayer(layer, preset.layersPerEpoch));
      return listProposalsByLayer(state, layer)
        .filter((p) => getMalfeasance(state, p.smesherId) === undefined)
        .filter((p) => {
          const declared = decodeProposal(p.bytes).inner.ballot.inner.epochData?.beacon ?? knownBallotBeacon(state, p.refBallot);
          return local === null || declared === undefined || equalBytes(declared, local);
        })
        .map((p) => p.id);
    },
    publish(bytes) {
      if (o.broadcast === undefined) void hare.onMessage(bytes);
      else o.broadcast.hare(bytes).catch((err: unknown) => log.warn('hare message not sent', { error: (err as Error).message }));
    },
    onOutput(layer, ids) {
      if (!trustsHare(layer)) {
        log.debug('hare output left to sync: this node caught up too recently to trust its active set', { layer });
        return;
      }
      if (ids === null) {
        noteHareSilent(layer);
        log.warn(o.isSynced === undefined ? 'hare ended without a result; the layer becomes empty after zdist' : 'hare ended without a result; the layer is left to sync', { layer });
        return;
      }
      const blockId = mesh.onHareOutput(layer, ids);
      if (blockId === undefined) return;
      certify(layer, blockId ?? EMPTY_BLOCK_ID);
      tortoise.onHareOutput(layer, blockId);
      tally(layer);
    },
    onWeakCoin: (layer, coin) => tortoise.core.onWeakCoin(layer, coin),
    onEquivocation(v) {
      recordMalfeasance(hareEquivocationProof(decodeHareMessage(v.first), decodeHareMessage(v.second)), v.sender);
    },
  });

  const track = (p: Promise<void>): void => {
    const t = p.catch((err: unknown) => log.error('hare or beacon failed', { error: (err as Error).message })).finally(() => running.delete(t));
    running.add(t);
  };

  return {
    mempool,
    vm,
    tortoise,
    mesh,
    submitTx,
    submitProposal,
    submitBallot,
    submitHare: (bytes) => hare.onMessage(bytes),
    submitCertify,
    checkBallot: checkBallotAndCount,
    ...(submitBeacon === undefined ? {} : { submitBeacon }),
    setIdentities(next) {
      identities = [...next];
      for (const i of identities) localIds.add(bytesToHex(i.nodeId));
    },
    rewardAccount: (smesherId, epoch) => rewardAccount(state, local, smesherId, epoch, preset.layersPerEpoch),
    onLayer(layer) {
      if (abort.signal.aborted) return;
      if (o.isSynced?.() === false) {
        hareFrom = undefined;
        return;
      }
      // The first layer of this synced stretch: earlier ones without a hare output are the syncer's to decide.
      hareFrom ??= layer;
      certifier.onLayer(layer);
      tally(layer);
      try {
        mesh.onLayer(layer);
        proposer.onLayer(layer);
      } catch (err) {
        log.error('layer processing failed', { layer, error: (err as Error).message });
      }
      if (beaconDriver !== undefined) track(beaconDriver.onLayer(layer, abort.signal));
      if (layer > effectiveGenesisLayer(preset.layersPerEpoch)) track(hare.runLayer(layer, abort.signal));
    },
    async close() {
      abort.abort();
      await Promise.all([...running]);
    },
  };
}

