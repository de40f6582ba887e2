/**
 * The node ports the wallet consumes, owned here (the consumer) and kept narrow so any node API can stand behind
 * them: the in-process node, the WebSocket API client, or a test double. Types only.
 * @module
 */
import type { Address } from '../types/address.js';

/** An account as the node sees it, projected over transactions it already holds in its mempool. */
export interface NodeAccountState {
  /** Spendable balance in smidge. */
  readonly balance: bigint;
  /** The nonce the account's next transaction must carry. */
  readonly nextNonce: bigint;
  /** True once the account is spawned (its template is set), or a spawn of it is already pending. */
  readonly spawned: boolean;
}

/** What `wallet balance` and `wallet send` need from a node. */
export interface WalletNodeApi {
  /** The state of the account at `address`; an unknown account is `{balance: 0n, nextNonce: 0n, spawned: false}`. */
  getAccount(address: Address): Promise<NodeAccountState>;
  /**
   * Hands a signed raw transaction to the node for validation and gossip.
   * @throws when the node rejects it (the error's message says why)
   */
  submitTransaction(raw: Uint8Array): Promise<void>;
}

/** A node the wallet talks to, with what signing for its network needs. */
export interface WalletNodeConnection {
  readonly api: WalletNodeApi;
  /** Transaction and reward history, when the node offers it. */
  readonly history?: WalletHistoryApi;
  /** The node's GenesisID (20 bytes): transactions are signed over it. */
  readonly genesisId: Uint8Array;
  /** The node's address prefix; destinations for another network are refused. */
  readonly hrp: string;
  close(): Promise<void>;
}

/** Opens a connection to the node of a data directory (supplied by the host once the node API exists). */
export type ConnectWalletNode = (options: { readonly dataDir: string; readonly preset: string }) => Promise<WalletNodeConnection>;

/** A transaction the node holds that involves an account (as principal or as a spend's destination). */
export interface NodeTxRecord {
  /** The signed transaction as submitted. */
  readonly raw: Uint8Array;
  /** `pending`: in the mempool; `applied`: executed in a block; `failed`: executed, method failed (fee still paid). */
  readonly status: 'pending' | 'applied' | 'failed';
  /** The layer of the block that executed it; null while pending. */
  readonly layer: number | null;
}

/** A reward credited to a coinbase account (go-spacemesh `rewards` table). */
export interface NodeRewardRecord {
  readonly layer: number;
  /** Subsidy plus fees share, in smidge. */
  readonly total: bigint;
  /** The subsidy part alone. */
  readonly layerReward: bigint;
}

/** What `wallet history` needs from a node. */
export interface WalletHistoryApi {
  listTransactions(address: Address): Promise<readonly NodeTxRecord[]>;
  listRewards(coinbase: Address): Promise<readonly NodeRewardRecord[]>;
}
