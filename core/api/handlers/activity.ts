/**
 * `timeline.list`, `rewards.*` and `logs.tail`: what the node did (events since start plus every ATX our identities
 * signed, from local.sql), the rewards the state holds for our coinbases, and recent log records. Rewards per
 * epoch (expected vs actual) and upcoming eligibilities need the proposal and eligibility components, which the
 * node does not run yet: those answer NOT_AVAILABLE. Reads its ports only.
 * @module
 */
import { decodeAddress, encodeAddress } from '../../types/address.js';
import { layerStartMs } from '../../types/layers.js';
import { bytesToHex, hexToBytes } from '../../util/bytes.js';
import type { ActivityLog } from '../activity.js';
import type { RewardInfo, SignedAtxInfo } from '../contract.js';
import type { Handlers } from '../dispatch.js';
import { notAvailable } from '../errors.js';
import type { ApiDeps } from '../interface.js';
import { MAX_LIST_LIMIT } from '../schemas.js';

type ActivityHandlers = Pick<Handlers, 'timeline.list' | 'rewards.history' | 'rewards.epochs' | 'rewards.upcoming' | 'logs.tail'>;

const DEFAULT_LIMIT = 200;

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
    'rewards.epochs': () => Promise.reject(notAvailable('expected vs actual rewards per epoch (the node has no eligibility component yet)')),
    'rewards.upcoming': () => Promise.reject(notAvailable('upcoming eligibilities (the node has no eligibility component yet)')),
    'logs.tail': ({ limit, level }) => {
      if (deps.logs === undefined) throw notAvailable('the log');
      return Promise.resolve(deps.logs.tail(limit ?? DEFAULT_LIMIT, level ?? 'info'));
    },
  };
}
