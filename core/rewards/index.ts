/**
 * Rewards: the issuance curve, the per-layer split by weight, the epoch forecast, and the rewards table.
 * @module
 */
export { RewardsError, type RewardsErrorCode } from './errors.js';
export { type EpochForecast, type EpochForecastInput, type LayerForecast, expectedEpochReward } from './forecast.js';
export { FINAL_SUBSIDY_LAYER, HALF_LIFE_LAYERS, LAMBDA, TOTAL_SUBSIDY, accumulatedSubsidy, layerSubsidy, subsidyAt } from './issuance.js';
export {
  type BlockRewardEntry,
  type LayerSplit,
  type ProposalRewardInput,
  type RatNum,
  type RewardShare,
  type RewardShareInput,
  blockRewardEntries,
  proposalRewardWeight,
  splitLayerReward,
} from './split.js';
export {
  type RewardRecord,
  deleteRewardsAfter,
  insertReward,
  listRewardsByCoinbase,
  listRewardsBySmesher,
  listRewardsInLayers,
} from './store.js';
