/**
 * Gathers the facts for the reward account of an identity and epoch from local.sql (eligibilities, signed
 * proposals) and state.sql (hare outputs, mesh decisions, rewards), and runs the forecast and the account (the pure
 * rules in core/rewards/). I/O; it lives on the composition side because it reads blocks, mesh and proposals.
 * @module
 */
import { getHareOutput } from '../blocks/store.js';
import type { Executor } from '../db/index.js';
import { getMeshLayer } from '../mesh/store.js';
import { getEligibilities, getSignedProposal } from '../proposals/localStore.js';
import { type EligibleLayerFacts, type EpochRewardAccount, accountEpoch } from '../rewards/account.js';
import { expectedEpochReward } from '../rewards/forecast.js';
import { listRewardsBySmesher } from '../rewards/store.js';
import { equalBytes } from '../util/bytes.js';

/**
 * The account of `smesherId` in `epoch`, or null when the identity had no eligibilities recorded for it.
 */
export function rewardAccount(state: Executor, local: Executor, smesherId: Uint8Array, epoch: number, layersPerEpoch: number): EpochRewardAccount | null {
  const e = getEligibilities(local, smesherId, epoch);
  if (e === undefined) return null;
  const forecast = expectedEpochReward({
    epoch,
    layersPerEpoch,
    weight: e.weight,
    totalWeight: e.totalWeight,
    eligibilities: e.slots,
    eligibleLayers: e.layers,
  });
  const rewards = new Map(listRewardsBySmesher(state, smesherId).map((r) => [r.layer, r]));
  const facts: EligibleLayerFacts[] = e.layers.map(({ layer, count }) => {
    const signed = getSignedProposal(local, smesherId, layer);
    const mesh = getMeshLayer(state, layer);
    const output = getHareOutput(state, layer);
    const paid = rewards.get(layer);
    return {
      layer,
      count,
      applied: mesh !== undefined,
      proposalSigned: signed !== undefined,
      hareDecided: mesh?.decidedBy === 'hare',
      inHareOutput: signed !== undefined && output !== null && output.some((id) => equalBytes(id, signed.proposalId)),
      layerHasBlock: mesh?.blockId !== null && mesh !== undefined,
      paid: paid === undefined ? null : { totalReward: paid.totalReward, layerReward: paid.layerReward },
    };
  });
  return accountEpoch(forecast, facts);
}
