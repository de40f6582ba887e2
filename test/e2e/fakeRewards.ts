/**
 * Reward facts a fresh node cannot have yet, for the browser tests that audit and measure the dashboard's accrual
 * chart and the wallet's history badges without waiting minutes for real rewards: an epoch just past with paid and
 * missed layers, its rewards, the layers ahead, and a wallet history with an applied, a pending and a failed item.
 * The shapes are the API contract's; the numbers are made up but consistent (the rewards are the paid layers).
 * @module
 */
import type { EligibilityInfo, EpochRewardInfo, HistoryItem, NetworkInfo, RewardInfo } from '../../core/api/contract/contract.js';

export interface FakeRewards {
  readonly 'rewards.history': readonly RewardInfo[];
  readonly 'rewards.epochs': readonly EpochRewardInfo[];
  readonly 'rewards.upcoming': readonly EligibilityInfo[];
  readonly 'wallet.history': readonly HistoryItem[];
}

const SMH = 1_000_000_000n;

/** Facts for `smesherId` paid to `coinbase` on `network`: the epoch before the current one, and the current one ahead. */
export function fakeRewards(network: NetworkInfo, smesherId: string, coinbase: string): FakeRewards {
  const lpe = network.layersPerEpoch;
  const epoch = Math.max(2, network.currentEpoch - 1);
  const first = epoch * lpe;
  const at = (layer: number) => network.genesisTimeMs + layer * network.layerDurationMs;
  const paid = [first, first + 1, first + 3, first + 4];
  const amount = (layer: number) => String(SMH + BigInt(layer) * 1_000n);
  const rewards: RewardInfo[] = paid.map((layer) => ({ layer, layerTimeMs: at(layer), coinbase, smesherId, total: amount(layer), layerReward: amount(layer) }));
  const layers = [...paid, first + 2].sort((a, b) => a - b).map((layer) => ({ layer, count: 1, expected: String(SMH), outcome: paid.includes(layer) ? ('paid' as const) : ('missed_proposal' as const) }));
  const epochs: EpochRewardInfo[] = [
    {
      epoch,
      smesherId,
      expected: String(SMH * BigInt(layers.length)),
      actual: String(rewards.reduce((s, r) => s + BigInt(r.total), 0n)),
      eligibleLayers: layers.length,
      paidLayers: paid.length,
      gaps: [{ layer: first + 2, cause: 'missed_proposal', amount: `-${SMH}` }],
      layers,
    },
  ];
  const ahead = network.currentLayer + 3;
  const upcoming: EligibilityInfo[] = [ahead, ahead + 2].map((layer) => ({ smesherId, layer, layerTimeMs: at(layer), count: 1, expected: String(SMH) }));
  const history: HistoryItem[] = [
    ...rewards.map((r): HistoryItem => ({ kind: 'reward', layer: r.layer, amount: r.total })),
    { kind: 'sent', layer: first + 5, id: 'aa'.repeat(32), status: 'failed', amount: '1000', fee: '200', nonce: '1', to: coinbase },
    { kind: 'sent', layer: null, id: 'bb'.repeat(32), status: 'pending', amount: '1000', fee: '200', nonce: '2', to: coinbase },
  ];
  return { 'rewards.history': rewards, 'rewards.epochs': epochs, 'rewards.upcoming': upcoming, 'wallet.history': history };
}
