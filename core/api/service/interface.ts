/**
 * The ports the API consumes, owned here (the consumer) and kept narrow (go-spacemesh `interface.go` style): the
 * parts of the node it reads, the account state it shows, and the smeshing controls a host may offer. A port that
 * is absent makes its methods answer NOT_AVAILABLE; nothing is ever faked. Types only.
 * @module
 */
import type { SmesherNode } from '../../node/node.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import type { NodeAccountState, NodeRewardRecord, NodeTxRecord } from '../../wallet/interface.js';
import type { KeystoreOptions } from '../../wallet/keystore/walletFile.js';
import type { Address } from '../../types/address.js';
import type { NetworkDefinition } from '../../params/networkFile.js';
import type { BenchmarkResult, LogRecord, NetworkChoiceInfo } from '../contract/contract.js';

/** What the API reads from the node. */
export type ApiNode = Pick<
  SmesherNode,
  'events' | 'preset' | 'genesisTimeMs' | 'genesisId' | 'goldenAtxId' | 'layers' | 'poet' | 'identities' | 'listAtxs' | 'signedAtxs' | 'consensus' | 'p2p'
> &
  Partial<Pick<SmesherNode, 'sync'>>;

/** Account state, transactions and rewards of the node's network (core/api/service/stateReader.ts reads them from state.sql). */
export interface AccountsPort {
  /** `spawned` counts a pending self-spawn as spawned (what send planning needs); `spawnPending` tells them apart. */
  getAccount(address: Address): Promise<NodeAccountState & { readonly spawnPending?: boolean }>;
  listTransactions(address: Address): Promise<readonly NodeTxRecord[]>;
  listRewards(coinbase: Address): Promise<readonly (NodeRewardRecord & { readonly smesherId: Uint8Array; readonly coinbase: Address })[]>;
  /** Absent until the node has a mempool: sends answer NOT_AVAILABLE then. */
  submitTransaction?(raw: Uint8Array): Promise<void>;
}

/** Run-time smeshing controls, when the host can change what the node smeshes. */
export interface SmeshingControl {
  start(options: { postDir: string; units: readonly number[]; threads?: number; coinbase?: Uint8Array }): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once every operation asked for so far has finished (a stop releases its PoS folders only at its end). */
  settled?(): Promise<void>;
}

/** Recent log records, kept by the host's log sink. */
export interface LogSource {
  tail(limit: number, minLevel: LogRecord['level']): LogRecord[];
  /** Calls `listener` for every new record; returns the unsubscribe function. */
  onRecord(listener: (record: LogRecord) => void): () => void;
}

/** Moving the node to another network, when the host can restart it (core/api/server/host.ts). */
export interface NetworkSwitch {
  /** The network file the node runs, or null on a preset on its own. */
  current(): NetworkDefinition | null;
  /**
   * Restarts the node on `target` (null: standalone); resolves once it runs there.
   * @throws NETWORK_DIR_UNWRITABLE before anything stops; the new node's start error after the old network is back
   */
  join(target: NetworkDefinition | null): Promise<NetworkChoiceInfo>;
}

export interface ApiDeps {
  readonly node: ApiNode;
  /** The root data directory (wallets live in `<dataDir>/wallets`). */
  readonly dataDir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The app's version, for `node.status`. */
  readonly version: string;
  readonly accounts?: AccountsPort;
  readonly smeshing?: SmeshingControl;
  readonly logs?: LogSource;
  /** The quick PoST benchmark (default: label workers for a fraction of a second, core/post/benchmark.ts). */
  readonly benchmark?: (threads: number) => Promise<BenchmarkResult>;
  /** The network file's name when the node runs one (shown as the network's name). */
  readonly networkName?: string;
  /** Restarting on another network; absent: `network.join` answers NOT_AVAILABLE. */
  readonly networks?: NetworkSwitch;
  /** Keystore settings (tests lower the KDF cost). */
  readonly keystore?: KeystoreOptions;
}
