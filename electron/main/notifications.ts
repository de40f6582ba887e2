/**
 * OS notifications for what a smesher waits for (docs/architecture.md §1 "Predictable"): a reward received, a reward missed, PoST
 * data ready. The mapping from API events to notification text is pure; `startNotifications` subscribes it to the
 * service and shows each through an injected `show` (Electron's `Notification` in the app).
 * @module
 */
import type { ApiEvents, EventName } from '../../core/api/contract/contract.js';
import type { ApiService } from '../../core/api/service/service.js';

export interface NotificationText {
  readonly title: string;
  readonly body: string;
}

const SMIDGE_PER_SMH = 1_000_000_000n;

/** Smidge as SMH with at most 9 decimals, trailing zeros dropped. */
function smh(smidge: string): string {
  const v = BigInt(smidge);
  const fraction = (v % SMIDGE_PER_SMH).toString().padStart(9, '0').replace(/0+$/, '');
  return `${v / SMIDGE_PER_SMH}${fraction === '' ? '' : `.${fraction}`} SMH`;
}

const short = (id: string): string => `${id.slice(0, 8)}…`;

/** The notification an event deserves, or undefined for events that do not interrupt the user. */
export function notificationFor<E extends EventName>(event: E, data: ApiEvents[E]): NotificationText | undefined {
  switch (event) {
    case 'reward': {
      const r = data as ApiEvents['reward'];
      return { title: 'Reward received', body: `${smh(r.total)} for layer ${r.layer} (identity ${short(r.smesherId)})` };
    }
    case 'rewardMissed': {
      const m = data as ApiEvents['rewardMissed'];
      return { title: 'Reward missed', body: `Layer ${m.layer} (identity ${short(m.smesherId)}): ${m.reason}` };
    }
    case 'timeline': {
      const t = data as ApiEvents['timeline'];
      if (t.event !== 'post_init_done') return undefined;
      return { title: 'Storage ready', body: `PoST data for identity ${short(t.smesherId)} is complete (${t.numUnits} units); smeshing continues.` };
    }
    default:
      return undefined;
  }
}

/** Shows notifications for the service's events until the returned function is called. */
export function startNotifications(service: Pick<ApiService, 'onEvent'>, show: (text: NotificationText) => void): () => void {
  return service.onEvent((event, data) => {
    const text = notificationFor(event, data);
    if (text !== undefined) show(text);
  });
}
