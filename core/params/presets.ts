/**
 * The three networks of docs/protocol/presets.md as plain data. Values follow the go-spacemesh presets of the same role
 * (`config/presets/standalone.go`, `fastnet.go` for devnet, `testnet.go`; docs/protocol/presets.md and
 * docs/protocol/post.md §1.6). Where Smesher deliberately differs, the field says so:
 * - standalone allows 1..1024 units (go: 1..2) so the setup wizard's sizes mean something;
 * - k2pow difficulty is all 0xFF (trivial) everywhere (docs/protocol/presets.md §2), and K3 = 1 as on mainnet (go standalone: 4);
 * - devnet allows 1..64 units (go fastnet: 2..4) so small test identities fit.
 * Pure.
 * @module
 */
import type { Preset, PresetName } from './types.js';

const GIB = 1024 ** 3;
const TRIVIAL_POW = 'ff'.repeat(32);

export const standalone: Preset = {
  name: 'standalone',
  description: 'One node is the whole network, with an embedded PoET: the full smeshing cycle offline.',
  hrp: 'standalone',
  genesis: { time: null, extraData: 'standalone' },
  layerDurationMs: 6_000,
  layersPerEpoch: 10,
  layerAvgSize: 50,
  minActiveSetWeight: 0,
  atxGradeDelayMs: 10_000,
  txsPerProposal: 700,
  blockGasLimit: 100_000_000,
  post: {
    scryptN: 8192,
    labelsPerUnit: 64,
    minUnits: 1,
    maxUnits: 1024,
    k1: 12,
    k2: 4,
    k3: 1,
    powDifficultyHex: TRIVIAL_POW,
    provingNonces: 16,
    maxFileSizeBytes: 4 * GIB,
  },
  poet: {
    embedded: true,
    phaseShiftMs: 30_000,
    cycleGapMs: 30_000,
    gracePeriodMs: 12_000,
    requestTimeoutMs: 12_000,
    requestRetryDelayMs: 1_000,
    maxRequestRetries: 3,
    tickSize: 100,
    // 40 ticks a round: about 0.2 s of one core on the SHA-extensions chain, 2.5 s on node:crypto (docs/performance.md §3).
    maxLeavesPerRound: 4_000,
    servers: [],
  },
  hare: { enabled: true, committee: 800, leaders: 5, iterationsLimit: 4, preroundDelayMs: 1_000, roundDurationMs: 100, certifyCommittee: 800 },
  tortoise: { hdist: 2, zdist: 2, windowSize: 1000, maxExceptions: 5000, badBeaconVoteDelayLayers: 4032 },
  beacon: {
    mode: 'genesis',
    kappa: 40,
    gracePeriodMs: 30_000,
    proposalDurationMs: 2_000,
    firstVotingRoundMs: 10_000,
    votingRoundMs: 2_000,
    weakCoinRoundMs: 2_000,
    rounds: 4,
    votesLimit: 100,
    syncWeightUnits: 10,
  },
  p2p: { enabled: false, listenPort: 0, minPeers: 0, lowPeers: 0, highPeers: 0, bootnodes: [], mdns: false },
};

export const devnet: Preset = {
  name: 'devnet',
  description: 'Several nodes on one machine or a LAN sharing one PoET process.',
  hrp: 'stest',
  genesis: { time: null, extraData: 'devnet' },
  layerDurationMs: 15_000,
  layersPerEpoch: 4,
  layerAvgSize: 50,
  minActiveSetWeight: 0,
  atxGradeDelayMs: 10_000,
  txsPerProposal: 700,
  blockGasLimit: 100_000_000,
  post: {
    scryptN: 2,
    labelsPerUnit: 128,
    minUnits: 1,
    maxUnits: 64,
    k1: 12,
    k2: 4,
    k3: 1,
    powDifficultyHex: TRIVIAL_POW,
    provingNonces: 16,
    maxFileSizeBytes: 4 * GIB,
  },
  poet: {
    embedded: false,
    phaseShiftMs: 30_000,
    cycleGapMs: 30_000,
    gracePeriodMs: 10_000,
    requestTimeoutMs: 12_000,
    requestRetryDelayMs: 1_000,
    maxRequestRetries: 3,
    tickSize: 100,
    maxLeavesPerRound: 0,
    servers: ['http://127.0.0.1:10010'],
  },
  hare: { enabled: true, committee: 800, leaders: 10, iterationsLimit: 2, preroundDelayMs: 3_000, roundDurationMs: 700, certifyCommittee: 800 },
  tortoise: { hdist: 4, zdist: 2, windowSize: 1000, maxExceptions: 5000, badBeaconVoteDelayLayers: 2 },
  beacon: {
    mode: 'protocol',
    kappa: 40,
    gracePeriodMs: 30_000,
    proposalDurationMs: 2_000,
    firstVotingRoundMs: 10_000,
    votingRoundMs: 2_000,
    weakCoinRoundMs: 2_000,
    rounds: 4,
    votesLimit: 100,
    syncWeightUnits: 10,
  },
  p2p: { enabled: true, listenPort: 7513, minPeers: 1, lowPeers: 40, highPeers: 100, bootnodes: [], mdns: false },
};

export const testnet: Preset = {
  name: 'testnet',
  description: 'A longer-lived network of real machines with PoET servers reached by URL.',
  hrp: 'stest',
  genesis: {
    time: '2023-09-13T18:00:00Z',
    extraData: '0000000000000000000000c76c58ebac180989673fd6d237b40e66ed5c976ec3',
  },
  layerDurationMs: 5 * 60_000,
  layersPerEpoch: 288,
  layerAvgSize: 50,
  minActiveSetWeight: 10_000,
  atxGradeDelayMs: 10_000,
  txsPerProposal: 700,
  blockGasLimit: 100_107_000,
  post: {
    scryptN: 8192,
    labelsPerUnit: 1024,
    minUnits: 2,
    maxUnits: 0xffff_ffff,
    k1: 26,
    k2: 37,
    k3: 1,
    powDifficultyHex: TRIVIAL_POW,
    provingNonces: 288,
    maxFileSizeBytes: 4 * GIB,
  },
  poet: {
    embedded: false,
    phaseShiftMs: 12 * 3_600_000,
    cycleGapMs: 2 * 3_600_000,
    gracePeriodMs: 10 * 60_000,
    requestTimeoutMs: 550_000,
    requestRetryDelayMs: 5_000,
    maxRequestRetries: 10,
    tickSize: 666_514,
    maxLeavesPerRound: 0,
    servers: [],
  },
  hare: { enabled: true, committee: 800, leaders: 5, iterationsLimit: 4, preroundDelayMs: 25_000, roundDurationMs: 12_000, certifyCommittee: 200 },
  tortoise: { hdist: 10, zdist: 2, windowSize: 10_000, maxExceptions: 1000, badBeaconVoteDelayLayers: 4032 },
  beacon: {
    mode: 'protocol',
    kappa: 40,
    gracePeriodMs: 10 * 60_000,
    proposalDurationMs: 4 * 60_000,
    firstVotingRoundMs: 30 * 60_000,
    votingRoundMs: 4 * 60_000,
    weakCoinRoundMs: 4 * 60_000,
    rounds: 20,
    votesLimit: 100,
    syncWeightUnits: 800,
  },
  p2p: { enabled: true, listenPort: 7513, minPeers: 5, lowPeers: 40, highPeers: 100, bootnodes: [], mdns: false },
};

export const PRESETS: Readonly<Record<PresetName, Preset>> = { standalone, devnet, testnet };

export const DEFAULT_PRESET: PresetName = 'standalone';

/** True when `name` names a preset. */
export function isPresetName(name: unknown): name is PresetName {
  return typeof name === 'string' && Object.hasOwn(PRESETS, name);
}

/**
 * The preset called `name`.
 * @throws {RangeError} naming the known presets when there is no such preset
 */
export function getPreset(name: unknown): Preset {
  if (!isPresetName(name)) {
    throw new RangeError(`unknown preset "${String(name)}"; expected one of: ${Object.keys(PRESETS).join(', ')}`);
  }
  return PRESETS[name];
}
