/**
 * The activation timeline: the node's smeshing events, newest first, each as a sentence (registered, proof, ATX,
 * eligibilities with layer numbers, proposals, rewards). Progress ticks are left out: the identity cards show them.
 * @module
 */
import type { TimelineEvent } from '../../../../core/api/contract/contract.js';
import { formatSmidge } from '../../../format/amount.js';
import { formatTime } from '../../logic/time.js';
import { Card, Empty } from '../../ui/Status.js';

function describe(e: TimelineEvent): string {
  switch (e.event) {
    case 'post_init_progress':
      return `init ${e.labelsDone}/${e.labelsTotal} labels`;
    case 'post_init_done':
      return `storage initialised (${e.numUnits} unit(s))`;
    case 'poet_registered':
      return `registered with PoET round ${e.round} for epoch ${e.publishEpoch}`;
    case 'poet_proof':
      return `PoET proof of round ${e.round} (${e.leafCount.toLocaleString()} leaves)`;
    case 'post_proof':
      return `PoST proof for epoch ${e.publishEpoch}`;
    case 'atx_published':
      return `ATX published in epoch ${e.publishEpoch}, weight ${e.weight} for epoch ${e.targetEpoch}`;
    case 'eligibility':
      return `epoch ${e.epoch}: ${e.slots} slot(s) in layers ${e.layers.map((l) => l.layer).join(', ')}`;
    case 'proposal_published':
      return `proposal in layer ${e.layer} (${e.txs} tx)`;
    case 'reward':
      return `reward ${formatSmidge(e.totalReward)} in layer ${e.layer}`;
  }
}

export function Timeline({ events }: { events: readonly TimelineEvent[] }) {
  const shown = events.filter((e) => e.event !== 'post_init_progress').slice(-40).reverse();
  return (
    <Card title="Activation timeline" id="timeline">
      {shown.length === 0 ? (
        <Empty>Nothing has happened yet: events appear here as the node initialises, registers and publishes.</Empty>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {shown.map((e, i) => (
            <li key={`${e.timeMs}-${i}`} data-event={e.event}>
              <time dateTime={new Date(e.timeMs).toISOString()}>{formatTime(e.timeMs)}</time> {describe(e)}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
