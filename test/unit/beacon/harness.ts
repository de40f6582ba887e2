/**
 * Test helpers for the beacon: identities with ATXs, a network of {@link BeaconDriver}s on one FakeClock whose
 * messages reach every driver (the sender's own first, as `host.publish` judges them locally), each over its own
 * state.sql and local.sql.
 * @module
 */
import { BeaconDriver, type BeaconTopicKind } from '../../../core/beacon/driver.js';
import { type SignedBeaconLog, sqlSignedBeaconLog } from '../../../core/beacon/localStore.js';
import type { BeaconMiner } from '../../../core/beacon/protocol.js';
import { EdSigner, EdVerifier } from '../../../core/crypto/ed25519.js';
import { type Executor, LOCAL_SCHEMA, STATE_SCHEMA, openDatabase } from '../../../core/db/database.js';
import type { BeaconParams } from '../../../core/params/types.js';
import type { FakeClock } from '../../../core/util/clock.js';
import { nullLogger } from '../../../core/util/logger.js';
import type { Verdict } from '../../../core/util/verdict.js';

export const GENESIS = new Uint8Array(20).fill(9);
/** 10 s layers, 4 per epoch: epoch 2 (the first with a protocol) starts at 80 s. */
export const TIMING = { genesisTimeMs: 0, layerDurationMs: 10_000, layersPerEpoch: 4 };
export const EPOCH = 2;
export const EPOCH_START = 80_000;
export const PARAMS: BeaconParams = {
  mode: 'protocol',
  kappa: 40,
  gracePeriodMs: 2_000,
  proposalDurationMs: 2_000,
  firstVotingRoundMs: 4_000,
  votingRoundMs: 2_000,
  weakCoinRoundMs: 2_000,
  rounds: 3,
  votesLimit: 100,
  syncWeightUnits: 10,
};
/** When the protocol of EPOCH has ended. */
export const PROTOCOL_END = EPOCH_START + PARAMS.proposalDurationMs + PARAMS.firstVotingRoundMs + (PARAMS.rounds - 1) * (PARAMS.votingRoundMs + PARAMS.weakCoinRoundMs);

export function signer(n: number): EdSigner {
  return new EdSigner(new Uint8Array(32).fill(n), GENESIS);
}

/** A miner of EPOCH with an ATX received a minute before the epoch. */
export function miner(s: EdSigner, weight: bigint, numUnits = 1, over: Partial<BeaconMiner> = {}): BeaconMiner {
  return { smesherId: s.publicKey, weight, numUnits, vrfNonce: 7n, receivedMs: EPOCH_START - 60_000, malicious: false, ...over };
}

export interface TestNode {
  readonly driver: BeaconDriver;
  readonly state: Executor;
  readonly local: Executor;
  readonly sent: Array<{ kind: BeaconTopicKind; bytes: Uint8Array }>;
  readonly verdicts: Array<{ kind: BeaconTopicKind; verdict: Verdict<unknown> }>;
}

export function deliver(node: TestNode, kind: BeaconTopicKind, bytes: Uint8Array): Verdict<unknown> {
  const d = node.driver;
  const v = kind === 'proposal' ? d.onProposal(bytes) : kind === 'firstVotes' ? d.onFirstVotes(bytes) : kind === 'followingVotes' ? d.onFollowingVotes(bytes) : d.onWeakCoin(bytes);
  node.verdicts.push({ kind, verdict: v });
  return v;
}

/**
 * Nodes, each running some of the identities, all seeing `miners`; a message goes to its sender first and on to the
 * others only when the sender accepted it (as a gossip relay), unless `drop` says it is lost.
 */
export function network(
  clock: FakeClock,
  miners: readonly BeaconMiner[],
  identities: readonly (readonly EdSigner[])[],
  o: { drop?: (from: number, to: number, kind: BeaconTopicKind) => boolean; params?: BeaconParams; dbs?: ReadonlyArray<{ state: Executor; local: Executor } | undefined>; signed?: (i: number, local: Executor) => SignedBeaconLog } = {},
): TestNode[] {
  const nodes: TestNode[] = [];
  identities.forEach((ids, i) => {
    const state = o.dbs?.[i]?.state ?? openDatabase(':memory:', STATE_SCHEMA);
    const local = o.dbs?.[i]?.local ?? openDatabase(':memory:', LOCAL_SCHEMA);
    const sent: TestNode['sent'] = [];
    const driver = new BeaconDriver({
      clock,
      timing: TIMING,
      params: o.params ?? PARAMS,
      genesisId: GENESIS,
      state,
      verifier: new EdVerifier(GENESIS),
      logger: nullLogger,
      miners: (epoch) => (epoch === EPOCH ? [...miners] : []),
      participants: () => ids.map((s) => ({ signer: s })),
      signed: o.signed?.(i, local) ?? sqlSignedBeaconLog(local, () => clock.now()),
      publish(kind, bytes) {
        sent.push({ kind, bytes });
        if (deliver(nodes[i]!, kind, bytes).kind !== 'accept') return;
        nodes.forEach((n, j) => {
          if (j !== i && !(o.drop?.(i, j, kind) ?? false)) deliver(n, kind, bytes);
        });
      },
    });
    nodes.push({ driver, state, local, sent, verdicts: [] });
  });
  return nodes;
}

/** Runs EPOCH's protocol on every node to its end. */
export async function runEpoch(clock: FakeClock, nodes: readonly TestNode[], signal = new AbortController().signal): Promise<void> {
  await clock.advanceTo(EPOCH_START);
  const runs = nodes.map((n) => n.driver.onLayer(EPOCH * TIMING.layersPerEpoch, signal));
  await clock.advanceTo(PROTOCOL_END + 1);
  await Promise.all(runs);
}
