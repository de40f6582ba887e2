/**
 * `timeline.list`, `rewards.*` and `logs.tail`: what the node did (events since start plus every ATX our identities
 * signed, from local.sql), the rewards the state holds for our coinbases, per-epoch expected vs actual rewards with
 * every gap's cause (the node's consensus reward account), upcoming eligible layers (the eligibilities the node
 * recorded in local.sql, read through the same account, so they are right after a restart), and recent log records. Without consensus in the node (presets whose beacon is not built)
 * the consensus-backed methods answer NOT_AVAILABLE. Reads its ports only.
 * @module
 */
import { decodeAddress, encodeAddress } from '../../../types/address.js';
import { layerStartMs } from '../../../types/layers.js';
import { bytesToHex, hexToBytes } from '../../../util/bytes.js';
import type { ActivityLog } from '../activity.js';
import type { EligibilityInfo, EpochRewardInfo, RewardInfo, SignedAtxInfo } from '../../contract/contract.js';
import type { Handlers } from '../dispatch.js';
import { notAvailable } from '../errors.js';
import type { ApiDeps } from '../interface.js';
import { MAX_LIST_LIMIT } from '../../contract/schemas.js';

type ActivityHandlers = Pick<Handlers, 'timeline.list' | 'rewards.history' | 'rewards.epochs' | 'rewards.upcoming' | 'logs.tail'>;

const DEFAULT_LIMIT = 200;
/** Epochs `rewards.epochs` covers without bounds, and at most. */
const DEFAULT_EPOCHS = 10;
const MAX_EPOCHS = 100;

export function activityHandlers(deps: ApiDeps, activity: ActivityLog): ActivityHandlers {
  const { node } = deps;
  return {
    'timeline.list': ({ smesherId, limit }) => {
      const ids = node.identities().map((i) => i.smesherId).filter((id) => smesherId === undefined || id === smesherId);
      const atxs: SignedAtxInfo[] = ids.flatMap((id) =>
        node.signedAtxs(hexToBytes(id)).map((row) => ({
          smesherId: id,
          atxId: bytesToHex(row.atxId),
          publishEpoch: row.publishEpoch,
          publishedMs: row.publishedMs,
        })),
      );
      return Promise.resolve({ events: activity.events(limit ?? MAX_LIST_LIMIT, smesherId), atxs });
    },
    'rewards.history': async ({ coinbase, limit }) => {
      if (deps.accounts === undefined) throw notAvailable('reward history (no account state)');
      const hrp = node.preset.hrp;
      const coinbases = coinbase === undefined ? [...new Set(node.identities().map((i) => i.coinbase))].map((c) => hexToBytes(c)) : [decodeAddress(coinbase, hrp)];
      const rewards: RewardInfo[] = [];
      for (const cb of coinbases) {
        for (const r of await deps.accounts.listRewards(cb)) {
          rewards.push({
            layer: r.layer,
            layerTimeMs: layerStartMs(node.layers.timing, r.layer),
            coinbase: encodeAddress(r.coinbase, hrp),
            smesherId: bytesToHex(r.smesherId),
            total: r.total.toString(),
            layerReward: r.layerReward.toString(),
          });
        }
      }
      return rewards.sort((a, b) => b.layer - a.layer).slice(0, limit ?? DEFAULT_LIMIT);
    },
    'rewards.epochs': ({ fromEpoch, toEpoch }) => {
      const consensus = node.consensus;
      if (consensus === undefined) throw notAvailable('rewards per epoch (this network runs no consensus in the node)');
      const current = node.layers.currentEpoch();
      const to = toEpoch ?? current;
      const from = fromEpoch ?? Math.max(0, to - DEFAULT_EPOCHS + 1);
      if (to < from || to - from >= MAX_EPOCHS) throw new RangeError(`toEpoch must be >= fromEpoch and span fewer than ${MAX_EPOCHS} epochs`);
      const out: EpochRewardInfo[] = [];
      for (let epoch = from; epoch <= to; epoch++) {
        for (const { smesherId } of node.identities()) {
          const account = consensus.rewardAccount(hexToBytes(smesherId), epoch);
          if (account === null) continue;
          out.push({
            epoch,
            smesherId,
            expected: account.expected.toString(),
            actual: account.actual.toString(),
            eligibleLayers: account.eligibleLayers,
            paidLayers: account.paidLayers,
            gaps: account.gaps.map((g) => ({ layer: g.layer, cause: g.cause, amount: g.amount.toString() })),
            pending: account.pending.toString(),
            pendingLayers: account.pendingLayers,
            layers: account.layers.map((l) => ({ layer: l.layer, count: l.count, expected: l.expected.toString(), outcome: l.outcome })),
          });
        }
      }
      return Promise.resolve(out);
    },
    'rewards.upcoming': () => {
      const consensus = node.consensus;
      if (consensus === undefined) throw notAvailable('upcoming eligibilities (this network runs no consensus in the node)');
      const { timing } = node.layers;
      const current = node.layers.currentLayer();
      const epoch = node.layers.currentEpoch();
      const out: EligibilityInfo[] = [];
      // The current epoch and the next: the node computes (and records) the next one's in the current's last layer.
      for (const { smesherId } of node.identities()) {
        for (const e of [epoch, epoch + 1]) {
          for (const l of consensus.rewardAccount(hexToBytes(smesherId), e)?.layers ?? []) {
            if (l.layer < current) continue;
            out.push({ smesherId, layer: l.layer, layerTimeMs: layerStartMs(timing, l.layer), count: l.count, expected: l.expected.toString() });
          }
        }
      }
      return Promise.resolve(out.sort((a, b) => a.layer - b.layer || a.smesherId.localeCompare(b.smesherId)));
    },
    'logs.tail': ({ limit, level }) => {
      if (deps.logs === undefined) throw notAvailable('the log');
      return Promise.resolve(deps.logs.tail(limit ?? DEFAULT_LIMIT, level ?? 'info'));
    },
  };
}
