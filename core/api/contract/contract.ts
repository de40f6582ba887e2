/**
 * The one API contract (docs/architecture.md §4): every method with its argument and result shapes,
 * every pushed event with its payload, the result envelope, and the method and event names as runtime allowlists.
 * Electron IPC, the WebSocket and in-process tests all carry these shapes. Payloads are JSON-safe: bytes are
 * lowercase hex without `0x`, amounts are decimal strings of smidge, times are milliseconds since the Unix epoch.
 * Pure (types and constants only), so the renderer and the preload can import it with `import type`.
 * @module
 */
import type { ActivationPlan } from '../../activation/plan.js';
import type { NodeTimelineEvent } from '../../types/timeline.js';

/** Lowercase hex bytes without a `0x` prefix. */
export type Hex = string;
/** A non-negative integer amount of smidge (1 SMH = 10^9 smidge) as decimal text. */
export type Smidge = string;
/** A bech32 account address for the node's network (`sm1...`, `stest1...`). */
export type AddressText = string;

/** A coded error as it crosses the API; `code` is what programs test, `message` is for people. */
export interface ApiError {
  readonly code: string;
  readonly message: string;
}

/** Every call's result (Signal's `wrapResult`). */
export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/** Codes the API layer itself produces; handlers pass their components' codes through (WRONG_PASSWORD, ...). */
export type ApiErrorCode =
  /** The method is not on the allowlist. */
  | 'UNKNOWN_METHOD'
  /** The arguments do not match the method's schema. */
  | 'INVALID_ARGS'
  /** The node does not provide this yet (or this host does not): nothing was done. */
  | 'NOT_AVAILABLE'
  /** No token, or a wrong one. */
  | 'UNAUTHORIZED'
  /** A request from a web origin or a renderer frame that is not ours. */
  | 'FORBIDDEN_ORIGIN'
  /** A message above the size limit. */
  | 'MESSAGE_TOO_LARGE'
  /** Not a JSON request of the shape `{id, method, args}`. */
  | 'BAD_MESSAGE'
  /** Too many costly calls (benchmark, wallet KDF) are running: nothing was done; try again when they finish. */
  | 'BUSY'
  /** Unexpected failure inside the node; details are in the node's log. */
  | 'INTERNAL';

// ---------------------------------------------------------------------------------------------------------------
// Shapes

/** A smeshing loop's state; `paused` while the user holds smeshing (`smeshing.pause`, kept across restarts). */
export type SmeshingState = 'working' | 'sleeping' | 'stopped' | 'failed' | 'paused';

export interface IdentityStatus {
  readonly smesherId: Hex;
  readonly numUnits: number;
  readonly postDir: string;
  readonly coinbase: AddressText;
  readonly state: SmeshingState;
  readonly error: ApiError | null;
  /** Threads the setup asked for; absent: the node's default (init uses up to 8 of the machine's threads). */
  readonly threads?: number;
  /**
   * Present when the node holds a malfeasance proof against this identity (its own or one a peer gossiped): the
   * network gives its ATXs, ballots and hare messages no weight. `kind` in words: `multiple atxs`, `multiple
   * ballots`, `hare equivocation`, `invalid post index`, `invalid prev atx`.
   */
  readonly malicious?: { readonly kind: string; readonly receivedMs: number };
  /**
   * The first epoch from the current one in which the identity is paid: one its ATXs give weight in, else the target
   * of the ATX it is working on or of the first PoET round it can still catch (once synced, while the node catches
   * up). Later than the next epoch after a missed ATX window: the epoch it will be paid again. Absent when unknown.
   */
  readonly paidFromEpoch?: number;
}

export interface NetworkInfo {
  readonly preset: string;
  readonly hrp: string;
  readonly genesisTimeMs: number;
  readonly genesisId: Hex;
  readonly goldenAtxId: Hex;
  readonly layerDurationMs: number;
  readonly layersPerEpoch: number;
  readonly currentLayer: number;
  readonly currentEpoch: number;
  /** The embedded PoET's URL, or the PoET servers in use. */
  readonly poets: readonly string[];
  /** The network file's name when the node runs one (`network.join`); absent on a preset. */
  readonly name?: string;
}

/** How far the node's mesh has got; with `network.currentLayer` it says whether the node is in step. */
export interface MeshProgress {
  /** The last layer whose block the mesh applied; the effective genesis layer before the first one. */
  readonly appliedLayer: number;
  /** The last layer the tortoise verified (its opinion can no longer change). */
  readonly verifiedLayer: number;
  /** The node's own verdict: the applied layer trails the layer clock by at most `outOfSyncLayers`. */
  readonly inStep: boolean;
  readonly outOfSyncLayers: number;
}

/**
 * Sync with the network (docs/protocol/sync.md §2): `syncing` while catching up from peers, `synced` at the tip,
 * `notSynced` when behind with no peer to catch up from. Smeshing builds no ATX challenge and publishes no ballot
 * unless `synced`.
 */
export interface SyncInfo {
  readonly state: 'syncing' | 'synced' | 'notSynced';
  /** The last layer this node applied. */
  readonly layer: number;
  /** The layer the network has reached (the clock's layer minus one: what peers have applied). */
  readonly peersLayer: number;
  /** Layers applied per second while catching up; null when not measured. */
  readonly layersPerSecond: number | null;
  /** Seconds to the tip at that rate; null when unknown (0 when synced). */
  readonly etaSeconds: number | null;
  /** ATXs fetched by sync since the node started. */
  readonly atxsFetched: number;
  readonly peers: number;
}

export interface NodeStatus {
  readonly version: string;
  readonly apiVersion: number;
  readonly network: NetworkInfo;
  /** Null when the preset's consensus cannot run in this node (it needs the beacon protocol, not built yet). */
  readonly mesh: MeshProgress | null;
  /** Null on a network of one (standalone). */
  readonly p2p: P2pStatus | null;
  /** Null on a network of one (standalone), which is always synced. */
  readonly sync: SyncInfo | null;
  /** True when this node runs no identity (it follows the network only). */
  readonly smeshing: boolean;
  readonly identities: readonly IdentityStatus[];
  /** How long the node has run, in ms. */
  readonly uptimeMs: number;
}

export interface FolderSpace {
  readonly path: string;
  readonly exists: boolean;
  readonly writable: boolean;
  /** Bytes available to this user, or null when the folder (or its nearest existing parent) cannot be read. */
  readonly freeBytes: number | null;
  readonly totalBytes: number | null;
}

export interface SmeshingOptionsInfo {
  readonly minUnits: number;
  readonly maxUnits: number;
  readonly labelsPerUnit: number;
  /** Label size is 16 bytes: one unit is `labelsPerUnit · 16` bytes on disk. */
  readonly bytesPerUnit: number;
  readonly scryptN: number;
  readonly maxFileSizeBytes: number;
  /** CPU threads the machine has; a sensible upper bound for `threads`. */
  readonly cpuThreads: number;
  readonly folders: readonly FolderSpace[];
  /**
   * A PoS folder for this network the wizard pre-fills (core/post/proposeFolder.ts): on the user's usual place that
   * fits the most units comfortably (a fifth of its free space left free, capped by `maxUnits`), measured, with those
   * units (0 when not even one fits). Null when no usual place is writable.
   */
  readonly proposed: { readonly folder: FolderSpace; readonly units: number } | null;
}

export interface BenchmarkResult {
  readonly threads: number;
  readonly scryptN: number;
  readonly labelsPerSecond: number;
  /** Seconds one unit takes to initialise at that rate. */
  readonly secondsPerUnit: number;
  readonly measuredMs: number;
}

/** The activation plan is already JSON-safe (numbers and ms timestamps): the API returns it as planActivation gives it. */
export type ActivationPlanInfo = ActivationPlan;

export interface InitProgressInfo {
  readonly smesherId: Hex;
  readonly labelsDone: number;
  readonly labelsTotal: number;
  readonly etaSeconds: number | null;
}

export interface SmeshingProgress {
  readonly smesherId: Hex;
  readonly state: SmeshingState;
  /** The last PoST initialisation progress seen since the node started; null when none was reported. */
  readonly init: InitProgressInfo | null;
  readonly initDone: boolean;
}

/**
 * One timeline event (core/types/timeline.ts, where the `"event"` names are defined), stamped with the node's time.
 * `block_applied` stays off the API: every layer applies one for the whole network, and the `layer` event already
 * says time moved on.
 */
export type TimelineEvent = { readonly timeMs: number } & Exclude<NodeTimelineEvent, { readonly event: 'block_applied' }>;

export interface SignedAtxInfo {
  readonly smesherId: Hex;
  readonly atxId: Hex;
  readonly publishEpoch: number;
  /** When it was handed to the network; null while signed but not yet published. */
  readonly publishedMs: number | null;
}

export interface TimelineInfo {
  /** Events since the node started, oldest first (bounded). */
  readonly events: readonly TimelineEvent[];
  /** Every ATX our identities signed (from local.sql, so it survives restarts). */
  readonly atxs: readonly SignedAtxInfo[];
}

export interface RewardInfo {
  readonly layer: number;
  readonly layerTimeMs: number;
  readonly coinbase: AddressText;
  readonly smesherId: Hex;
  readonly total: Smidge;
  readonly layerReward: Smidge;
}

export interface EpochRewardInfo {
  readonly epoch: number;
  readonly smesherId: Hex;
  readonly expected: Smidge;
  readonly actual: Smidge;
  readonly eligibleLayers: number;
  readonly paidLayers: number;
  /**
   * Every difference between expected and actual, layer by layer, with its cause; amounts sum to
   * actual − (expected − pending): layers that can still pay are never a gap.
   */
  readonly gaps: readonly { readonly layer: number; readonly cause: string; readonly amount: string }[];
  /** The part of `expected` in eligible layers not applied yet (not reached, or awaiting the hare): they can still pay. */
  readonly pending?: Smidge;
  readonly pendingLayers?: number;
  /** Every eligible layer with its forecast and outcome, in layer order. */
  readonly layers?: readonly EligibleLayerRewardInfo[];
}

/** `paid`, `pending` (can still pay), or why it paid nothing: `node_offline`, `missed_proposal`, `late_proposal`, `empty_layer`. */
export type EligibleLayerOutcome = 'paid' | 'pending' | 'node_offline' | 'missed_proposal' | 'late_proposal' | 'empty_layer';

export interface EligibleLayerRewardInfo {
  readonly layer: number;
  readonly count: number;
  readonly expected: Smidge;
  readonly outcome: EligibleLayerOutcome;
}

export interface EligibilityInfo {
  readonly smesherId: Hex;
  readonly layer: number;
  readonly layerTimeMs: number;
  readonly count: number;
  /** The forecast reward for the layer (subsidy share, smidge). */
  readonly expected?: Smidge;
}

export interface WalletListEntry {
  /** The file name in `<data-dir>/wallets`. */
  readonly file: string;
  readonly name: string;
  readonly created: string;
  readonly open: boolean;
}

export interface WalletAccountInfo {
  readonly index: number;
  readonly name: string;
  readonly path: string;
  readonly publicKey: Hex;
  readonly address: AddressText;
}

export interface WalletOpened {
  readonly file: string;
  readonly name: string;
  readonly accounts: readonly WalletAccountInfo[];
}

export interface WalletCreated extends WalletOpened {
  /** Shown once so the user can write it down; never stored anywhere but the encrypted wallet file. */
  readonly mnemonic: string;
}

export interface BalanceInfo {
  readonly address: AddressText;
  readonly balance: Smidge;
  readonly nextNonce: string;
  /** True once the account's spawn is applied (false while it is only pending in the mempool). */
  readonly spawned: boolean;
  /** `pending`: a self-spawn waits in the mempool, not applied yet. */
  readonly spawnState?: SpawnState;
}

export type SpawnState = 'unspawned' | 'pending' | 'spawned';

export interface SentTx {
  readonly id: Hex;
  readonly method: 'spawn' | 'spend';
  readonly nonce: string;
  readonly fee: Smidge;
}

export interface SendResult {
  readonly txs: readonly SentTx[];
  readonly totalFee: Smidge;
  readonly total: Smidge;
  /** True for a dry run: priced and checked, nothing submitted. */
  readonly dryRun: boolean;
}

export interface HistoryItem {
  readonly kind: 'sent' | 'received' | 'spawn' | 'reward';
  readonly layer: number | null;
  readonly id?: Hex;
  readonly status?: 'pending' | 'applied' | 'failed';
  readonly amount?: Smidge;
  readonly fee?: Smidge;
  readonly nonce?: string;
  readonly to?: AddressText;
  readonly from?: AddressText;
}

export interface ImportedWallet {
  readonly file: string;
  readonly name: string;
  readonly accounts: readonly { readonly path: string; readonly address: AddressText }[];
  readonly mnemonicValid: boolean;
}

export interface LayerInfo {
  readonly layer: number;
  readonly epoch: number;
  readonly startMs: number;
}

export interface EpochInfo {
  readonly epoch: number;
  readonly startMs: number;
  readonly firstLayer: number;
  readonly lastLayer: number;
  /** ATXs the node holds that give weight in this epoch (published in the epoch before). */
  readonly atxCount: number;
  readonly totalWeight: string;
}

export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  readonly timeMs: number;
  readonly level: LogLevelName;
  /** The formatted line as the node's log sink wrote it (secrets already redacted). */
  readonly line: string;
}

export interface PeerInfo {
  /** libp2p peer id. */
  readonly id: string;
  /** The remote multiaddr of the connection. */
  readonly address: string;
  readonly direction: 'inbound' | 'outbound';
  /** Last ping round trip, or null before the first answer. */
  readonly latencyMs: number | null;
  /** gossipsub score: negative after invalid messages; far below zero the peer is dropped. */
  readonly score: number;
}

/** This node on its peer-to-peer network (null in node.status on a network of one). */
export interface P2pStatus {
  readonly peerId: string;
  /** Listening addresses with `/p2p/<id>`: what other nodes put in --bootnodes. */
  readonly addrs: readonly string[];
  readonly peers: number;
  /** The preset's minimum for smeshing to be worth it. */
  readonly minPeers: number;
  /** True when peers >= minPeers. */
  readonly connected: boolean;
}

/** A network preset the node can be started with (`smesher node --preset <name>`). */
export interface PresetInfo {
  readonly name: string;
  readonly description: string;
  readonly layerDurationMs: number;
  readonly layersPerEpoch: number;
  /** PoS bytes per space unit. */
  readonly bytesPerUnit: number;
  /** True when the PoET runs inside the node (no server to reach). */
  readonly embeddedPoet: boolean;
  /** True for the preset this node runs. */
  readonly current: boolean;
}

/** One subfolder in a {@link FolderListing}. */
export interface FolderEntry {
  readonly name: string;
  readonly path: string;
}

/** `fs.listFolders`: a folder's subfolders for the browser UI's folder picker (core/post/folderBrowser.ts). */
export interface FolderListing {
  /** The folder listed, absolute, links resolved. */
  readonly path: string;
  /** Its parent, or null at the root. */
  readonly parent: string | null;
  /** The node user's home folder (where the picker starts). */
  readonly home: string;
  /** Readable, non-hidden subfolders outside the system folders, by name. */
  readonly folders: readonly FolderEntry[];
  /** True when there were more subfolders than one listing returns. */
  readonly truncated: boolean;
  /** Free space and write access in the folder itself. */
  readonly space: FolderSpace;
}

/** A network the node runs or may join: a preset on its own, or a network file's network. */
export interface NetworkChoiceInfo {
  readonly name: string;
  readonly preset: string;
  readonly genesisId: Hex;
  readonly genesisTimeMs: number;
  /** `<preset>-<genesisId8>`: the folder in the data dir that holds this network's chain and identities. */
  readonly folder: string;
}

/** Empty arguments. */
export type NoArgs = Readonly<Record<string, never>>;

// ---------------------------------------------------------------------------------------------------------------
// Methods

/** Method name → argument and result shapes. Adding a method here makes schemas.ts and dispatch.ts demand it. */
export interface ApiMethods {
  'node.status': { args: NoArgs; result: NodeStatus };

  'smeshing.options': { args: { readonly folders: readonly string[] }; result: SmeshingOptionsInfo };
  'smeshing.benchmark': { args: { readonly threads?: number }; result: BenchmarkResult };
  /**
   * The plan to the first reward. For an identity already at work (the dashboard): `labelsDone` of its labels are
   * initialised (the rest at `labelsPerSecond`; as many as the units hold, or more, means init is done), and
   * `round` is the PoET round it registered for.
   */
  'smeshing.plan': {
    args: { readonly units: number; readonly labelsPerSecond: number; readonly initialProofSeconds?: number; readonly labelsDone?: number; readonly round?: number };
    result: ActivationPlanInfo;
  };
  'smeshing.start': { args: { readonly postDir: string; readonly units: readonly number[]; readonly threads?: number; readonly coinbase?: AddressText }; result: NodeStatus };
  'smeshing.pause': { args: NoArgs; result: NodeStatus };
  'smeshing.resume': { args: NoArgs; result: NodeStatus };
  'smeshing.stop': { args: NoArgs; result: NodeStatus };
  'smeshing.deleteData': { args: { readonly postDir: string }; result: { readonly deletedFiles: number } };
  'smeshing.progress': { args: NoArgs; result: readonly SmeshingProgress[] };

  'timeline.list': { args: { readonly smesherId?: Hex; readonly limit?: number }; result: TimelineInfo };

  'rewards.history': { args: { readonly coinbase?: AddressText; readonly limit?: number }; result: readonly RewardInfo[] };
  'rewards.epochs': { args: { readonly fromEpoch?: number; readonly toEpoch?: number }; result: readonly EpochRewardInfo[] };
  'rewards.upcoming': { args: NoArgs; result: readonly EligibilityInfo[] };

  'wallet.list': { args: NoArgs; result: readonly WalletListEntry[] };
  'wallet.create': { args: { readonly name: string; readonly password: string; readonly words?: 12 | 24 }; result: WalletCreated };
  'wallet.restore': { args: { readonly name: string; readonly password: string; readonly mnemonic: string }; result: WalletOpened };
  'wallet.unlock': { args: { readonly wallet: string; readonly password: string }; result: WalletOpened };
  'wallet.lock': { args: NoArgs; result: { readonly locked: true } };
  'wallet.accounts': { args: NoArgs; result: readonly WalletAccountInfo[] };
  'wallet.balance': { args: { readonly address: AddressText }; result: BalanceInfo };
  'wallet.send': {
    args: { readonly account: number; readonly to: AddressText; readonly amount: Smidge; readonly gasPrice?: string; readonly dryRun?: boolean };
    result: SendResult;
  };
  'wallet.history': { args: { readonly address: AddressText }; result: readonly HistoryItem[] };
  /** Hands a signed raw transaction to the node (what `smesher wallet send` uses through {@link ApiMethods}). */
  'tx.submit': { args: { readonly raw: Hex }; result: { readonly id: Hex } };
  'wallet.importSmapp': { args: { readonly path: string; readonly password: string; readonly name?: string }; result: ImportedWallet };

  'network.info': { args: NoArgs; result: NetworkInfo };
  'network.epochs': { args: { readonly from: number; readonly to: number }; result: readonly EpochInfo[] };
  'network.layers': { args: { readonly from: number; readonly to: number }; result: readonly LayerInfo[] };
  'network.peers': { args: NoArgs; result: readonly PeerInfo[] };
  'network.presets': { args: NoArgs; result: readonly PresetInfo[] };
  /** A new network file's text for friends to join (what `smesher network new` writes). */
  'network.create': {
    args: {
      readonly name: string;
      readonly preset: 'devnet' | 'testnet';
      readonly genesisDelaySeconds?: number;
      readonly mdns?: boolean;
      readonly bootnodes?: readonly string[];
      /** Default: the preset's (devnet's is a PoET on 127.0.0.1, right only when every node shares one machine). */
      readonly poetServers?: readonly string[];
    };
    result: { readonly text: string; readonly network: NetworkChoiceInfo };
  };
  /**
   * Restarts the node on another network: a network file's text, or `null` for standalone. Checked before anything
   * stops (BAD_NETWORK_FILE, SAME_NETWORK, NETWORK_DIR_UNWRITABLE): a refusal changes nothing; a node that fails
   * to start there brings the previous network back (NETWORK_START_FAILED). Answers once the
   * node runs on it; the open wallet is locked (its addresses belong to the network it was opened on).
   */
  'network.join': { args: { readonly file: string | null }; result: NetworkChoiceInfo };

  /** The subfolders of `path` (default: the home folder), refusing system folders: the browser UI's folder picker. */
  'fs.listFolders': { args: { readonly path?: string }; result: FolderListing };
  /** The desktop app's native folder dialog; `path` is null when the user cancelled. NOT_AVAILABLE outside Electron. */
  'dialog.chooseFolder': { args: { readonly title?: string; readonly defaultPath?: string }; result: { readonly path: string | null } };
  /** The desktop app's native open-file dialog for a network file; `text` is null when the user cancelled. */
  'dialog.openNetworkFile': { args: NoArgs; result: { readonly text: string | null } };

  'logs.tail': { args: { readonly limit?: number; readonly level?: LogLevelName }; result: readonly LogRecord[] };

  'events.subscribe': { args: { readonly events: readonly EventName[] }; result: { readonly events: readonly EventName[] } };
  'events.unsubscribe': { args: { readonly events: readonly EventName[] }; result: { readonly events: readonly EventName[] } };
}

export type MethodName = keyof ApiMethods;
export type ApiArgs<M extends MethodName> = ApiMethods[M]['args'];
export type ApiValue<M extends MethodName> = ApiMethods[M]['result'];

/** The runtime allowlist: a request naming anything else is refused before any code runs. */
export const METHOD_NAMES = [
  'node.status',
  'smeshing.options',
  'smeshing.benchmark',
  'smeshing.plan',
  'smeshing.start',
  'smeshing.pause',
  'smeshing.resume',
  'smeshing.stop',
  'smeshing.deleteData',
  'smeshing.progress',
  'timeline.list',
  'rewards.history',
  'rewards.epochs',
  'rewards.upcoming',
  'wallet.list',
  'wallet.create',
  'wallet.restore',
  'wallet.unlock',
  'wallet.lock',
  'wallet.accounts',
  'wallet.balance',
  'wallet.send',
  'wallet.history',
  'wallet.importSmapp',
  'tx.submit',
  'network.info',
  'network.epochs',
  'network.layers',
  'network.peers',
  'network.presets',
  'network.create',
  'network.join',
  'fs.listFolders',
  'dialog.chooseFolder',
  'dialog.openNetworkFile',
  'logs.tail',
  'events.subscribe',
  'events.unsubscribe',
] as const satisfies readonly MethodName[];

// Fails to compile when a method is declared in ApiMethods but missing from the allowlist.
type MissingMethods = Exclude<MethodName, (typeof METHOD_NAMES)[number]>;
export const ALL_METHODS_LISTED: MissingMethods extends never ? true : never = true;

/** Subscriptions are per connection: the transport handles these two, everything else goes to the dispatcher. */
export const SUBSCRIPTION_METHODS = ['events.subscribe', 'events.unsubscribe'] as const satisfies readonly MethodName[];

/** True when `name` is an allowlisted method. */
export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (METHOD_NAMES as readonly string[]).includes(name);
}

// ---------------------------------------------------------------------------------------------------------------
// Events

/** Event name → payload, pushed to subscribers as `{event, data}`. */
export interface ApiEvents {
  /** Every activation-timeline event. */
  timeline: TimelineEvent;
  /** PoST initialisation progress; coalesced per identity for slow clients (only the latest matters). */
  progress: InitProgressInfo;
  /** A new layer started; coalesced (only the latest matters). */
  layer: LayerInfo;
  /** An ATX was stored (ours or a peer's). */
  atx: { readonly id: Hex; readonly smesherId: Hex; readonly publishEpoch: number; readonly numUnits: number; readonly weight: number };
  /** A reward credited to one of our coinbases. */
  reward: RewardInfo;
  /**
   * One of our eligible layers was applied without a reward for it (sent once per layer, never for a layer that
   * can still pay); `reason` is the reward account's cause: `node_offline`, `missed_proposal`, `late_proposal`,
   * `empty_layer`.
   */
  rewardMissed: { readonly smesherId: Hex; readonly layer: number; readonly reason: string };
  /** A log record at info level or above. */
  log: LogRecord;
  /** Identity states changed (smeshing started, paused, failed...). */
  status: NodeStatus;
  /** This subscriber was too slow: `count` events were dropped since the last notice. */
  dropped: { readonly count: number };
  /** Sync progress: the state changed, or layers were applied while catching up; coalesced. */
  sync: SyncInfo;
}

export type EventName = keyof ApiEvents;

export const EVENT_NAMES = ['timeline', 'progress', 'layer', 'atx', 'reward', 'rewardMissed', 'log', 'status', 'dropped', 'sync'] as const satisfies readonly EventName[];

type MissingEvents = Exclude<EventName, (typeof EVENT_NAMES)[number]>;
export const ALL_EVENTS_LISTED: MissingEvents extends never ? true : never = true;

/** Events where only the newest value per key matters: a slow subscriber gets the latest, not the backlog. */
export const COALESCED_EVENTS: Readonly<Partial<Record<EventName, (data: never) => string>>> = {
  progress: (d: InitProgressInfo) => d.smesherId,
  layer: () => '',
  status: () => '',
  sync: () => '',
};

// ---------------------------------------------------------------------------------------------------------------
// Wire messages (WebSocket and HTTP)

/** Client → host. `id` is echoed so replies can arrive out of order. */
export interface RequestMessage {
  readonly id: number | string;
  readonly method: string;
  readonly args?: unknown;
}

/** Host → client: a reply to one request. */
export type ResponseMessage = { readonly id: number | string | null } & ApiResult<unknown>;

/** Host → client: a pushed event (a union over event names, so `event` narrows `data`). */
export type EventMessage<E extends EventName = EventName> = E extends EventName ? { readonly event: E; readonly data: ApiEvents[E] } : never;

export const API_VERSION = 1;

/** The one object the Electron preload exposes as `window.nodeBridge` (docs/architecture.md §4). */
export interface NodeBridge {
  call(method: string, args?: unknown): Promise<ApiResult<unknown>>;
  /** Starts delivering `event`; returns a function that stops it. */
  subscribe(event: EventName, listener: (data: unknown) => void): () => void;
}
