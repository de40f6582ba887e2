/**
 * An account's history from node state: its transactions classified as sent, received or spawn (decoded from the
 * raw bytes, so the node needs to store nothing wallet-specific), and its rewards, newest first with pending
 * transactions on top. Fees are `MaxGas * GasPrice` of each transaction, which is exactly what the account paid
 * (charged up front, no refund, docs/protocol/vm-and-transactions.md §5). Pure.
 * @module
 */
import { type Address, encodeAddress } from '../types/address.js';
import { blake3 } from '../crypto/hash.js';
import { bytesToHex, equalBytes } from '../util/bytes.js';
import { maxGas } from '../vm/gas.js';
import { decodeWalletTx } from '../vm/txCodec.js';
import type { NodeRewardRecord, NodeTxRecord } from './interface.js';

interface TxEntryBase {
  readonly id: Uint8Array;
  readonly status: NodeTxRecord['status'];
  readonly layer: number | null;
}

export type HistoryEntry =
  | (TxEntryBase & { readonly kind: 'sent'; readonly to: Address; readonly amount: bigint; readonly fee: bigint; readonly nonce: bigint })
  | (TxEntryBase & { readonly kind: 'received'; readonly from: Address; readonly amount: bigint })
  | (TxEntryBase & { readonly kind: 'spawn'; readonly fee: bigint; readonly nonce: bigint })
  | { readonly kind: 'reward'; readonly layer: number; readonly amount: bigint; readonly layerReward: bigint };

/**
 * The history of `account`. Records that are not wallet transactions, or involve the account in no way, are skipped
 * (a node may return a superset); a transaction to itself appears once, as sent.
 */
export function buildHistory(account: Address, txs: readonly NodeTxRecord[], rewards: readonly NodeRewardRecord[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const record of txs) {
    let tx;
    try {
      tx = decodeWalletTx(record.raw);
    } catch {
      continue; // another template's transaction (multisig, vesting): not shown by a single-sig wallet
    }
    const base = { id: blake3(record.raw), status: record.status, layer: record.layer };
    const fee = maxGas(tx.method, record.raw.length) * tx.payload.gasPrice;
    const mine = equalBytes(tx.principal, account);
    if (tx.method === 'spawn') {
      if (mine) entries.push({ ...base, kind: 'spawn', fee, nonce: tx.payload.nonce });
    } else if (mine) {
      entries.push({ ...base, kind: 'sent', to: tx.args.destination, amount: tx.args.amount, fee, nonce: tx.payload.nonce });
    } else if (equalBytes(tx.args.destination, account) && record.status !== 'failed') {
      // A failed spend moved no coins to us; only its sender paid the fee.
      entries.push({ ...base, kind: 'received', from: tx.principal, amount: tx.args.amount });
    }
  }
  for (const r of rewards) entries.push({ kind: 'reward', layer: r.layer, amount: r.total, layerReward: r.layerReward });
  return entries.sort((a, b) => order(b) - order(a));
}

/** Pending first, then by layer, newest first. */
function order(entry: HistoryEntry): number {
  return entry.layer === null ? Number.MAX_SAFE_INTEGER : entry.layer;
}

/** A history entry as JSON-safe data (hex ids, bech32 addresses, decimal smidge), for the API and `--json`. */
export interface HistoryEntryJson {
  readonly kind: HistoryEntry['kind'];
  readonly layer: number | null;
  readonly id?: string;
  readonly status?: NodeTxRecord['status'];
  readonly amount?: string;
  readonly fee?: string;
  readonly nonce?: string;
  readonly to?: string;
  readonly from?: string;
}

/** {@link HistoryEntry} to JSON-safe form with addresses for the network with `hrp`. */
export function historyEntryToJson(e: HistoryEntry, hrp: string): HistoryEntryJson {
  switch (e.kind) {
    case 'reward':
      return { kind: e.kind, layer: e.layer, amount: e.amount.toString() };
    case 'received':
      return { kind: e.kind, layer: e.layer, id: bytesToHex(e.id), status: e.status, amount: e.amount.toString(), from: encodeAddress(e.from, hrp) };
    case 'sent':
      return {
        kind: e.kind,
        layer: e.layer,
        id: bytesToHex(e.id),
        status: e.status,
        amount: e.amount.toString(),
        fee: e.fee.toString(),
        nonce: e.nonce.toString(),
        to: encodeAddress(e.to, hrp),
      };
    case 'spawn':
      return { kind: e.kind, layer: e.layer, id: bytesToHex(e.id), status: e.status, fee: e.fee.toString(), nonce: e.nonce.toString() };
  }
}
