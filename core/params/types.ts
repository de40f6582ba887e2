/**
 * The shape of a network preset: every protocol constant a node needs, as plain data passed in (no global
 * preset state, docs/conventions.md §11). Durations are milliseconds. Pure.
 * @module
 */

export type PresetName = 'standalone' | 'devnet' | 'testnet';

export interface PostParams {
  /** scrypt-jane cost N (r = p = 1 in every network). */
  readonly scryptN: number;
  readonly labelsPerUnit: number;
  readonly minUnits: number;
  readonly maxUnits: number;
  /** Labels a prover may test per nonce (difficulty from K1), indices per proof (K2), indices a verifier checks (K3). */
  readonly k1: number;
  readonly k2: number;
  readonly k3: number;
  /** k2pow target per space unit, 32 bytes big-endian as hex. All 0xFF = trivial. */
  readonly powDifficultyHex: string;
  /** Nonces tried per proving pass (a multiple of the nonce-group size 16). */
  readonly provingNonces: number;
  /** Default size of one postdata_N.bin file. */
  readonly maxFileSizeBytes: number;
}

export interface PoetParams {
  /** Embedded in the node (standalone) or reached over HTTP. */
  readonly embedded: boolean;
  /** Round k starts at genesis + phaseShift + k·epoch. */
  readonly phaseShiftMs: number;
  /** Gap between a round's end and the next round's start: fetch the proof, prove, publish, re-register. */
  readonly cycleGapMs: number;
  /** How long before the round starts the node builds its challenge. */
  readonly gracePeriodMs: number;
  readonly requestTimeoutMs: number;
  readonly requestRetryDelayMs: number;
  readonly maxRequestRetries: number;
  /** PoET leaves per tick: ATX ticks = leaf count / tickSize. */
  readonly tickSize: number;
  /**
   * The embedded PoET's pace: at most this many leaves a round (0: full speed until the round's end, as a PoET
   * server runs). Ticks come from the proof's leaf count alone, so on a network of one the bound scales every
   * weight alike while the node stays light at rest (docs/performance.md §3).
   */
  readonly maxLeavesPerRound: number;
  /** Default PoET URLs for networks with a shared PoET. */
  readonly servers: readonly string[];
}

export interface HareParams {
  readonly enabled: boolean;
  readonly committee: number;
  readonly leaders: number;
  readonly iterationsLimit: number;
  readonly preroundDelayMs: number;
  readonly roundDurationMs: number;
  /**
   * Block certifier committee (go `Certificate.CommitteeSize`: 200 on mainnet and testnet; the hare committee where
   * a network sets none); a certificate needs `certifyCommittee / 2 + 1` eligibilities.
   */
  readonly certifyCommittee: number;
}

export interface TortoiseParams {
  readonly hdist: number;
  readonly zdist: number;
  readonly windowSize: number;
  readonly maxExceptions: number;
  readonly badBeaconVoteDelayLayers: number;
}

export interface BeaconParams {
  /** `genesis`: the standalone rule, beacon = GenesisID[0:4]; `protocol`: the beacon protocol of docs/protocol/beacon.md. */
  readonly mode: 'genesis' | 'protocol';
  readonly kappa: number;
  readonly gracePeriodMs: number;
  readonly proposalDurationMs: number;
  readonly firstVotingRoundMs: number;
  readonly votingRoundMs: number;
  readonly weakCoinRoundMs: number;
  readonly rounds: number;
  readonly votesLimit: number;
  readonly syncWeightUnits: number;
}

export interface P2pParams {
  /** False: a network of one (standalone), no peer-to-peer host at all. */
  readonly enabled: boolean;
  /** Default TCP listen port (`--listen` overrides); 0 = pick a free one. */
  readonly listenPort: number;
  /** Peers below which the node does not count itself connected enough to smesh. */
  readonly minPeers: number;
  /** Connection manager watermarks (go-spacemesh: low 40, high 100): trim above high, dial more below low. */
  readonly lowPeers: number;
  readonly highPeers: number;
  /** Full multiaddrs (`/ip4/…/tcp/…/p2p/<id>`) dialled at start and re-dialled when lost. */
  readonly bootnodes: readonly string[];
  /** Find peers on the local network by multicast DNS (only when a network file asks for it). */
  readonly mdns: boolean;
}

export interface Preset {
  readonly name: PresetName;
  readonly description: string;
  /** bech32 human-readable part of addresses. */
  readonly hrp: string;
  readonly genesis: {
    /** Fixed genesis time (RFC 3339), or `null`: written to the data dir on first start (standalone, devnet). */
    readonly time: string | null;
    readonly extraData: string;
  };
  readonly layerDurationMs: number;
  readonly layersPerEpoch: number;
  /** Expected ballot eligibilities per layer across the network ("committee size" for proposals). */
  readonly layerAvgSize: number;
  readonly minActiveSetWeight: number;
  /** ATXs received this long (×4) before the target epoch are "good" for the active set. */
  readonly atxGradeDelayMs: number;
  readonly txsPerProposal: number;
  readonly blockGasLimit: number;
  readonly post: PostParams;
  readonly poet: PoetParams;
  readonly hare: HareParams;
  readonly tortoise: TortoiseParams;
  readonly beacon: BeaconParams;
  readonly p2p: P2pParams;
}
