/**
 * The quit warning: before the app quits, if {@link criticalReason} says now is a bad moment, the user is asked
 * (keep running / quit anyway). The registration windows come from the node's PoET schedule: the open round's
 * last grace period, while one of our identities has not registered in it. I/O: a dialog.
 * @module
 */
import type { App, Dialog } from 'electron';
import type { TimelineEvent } from '../../core/api/contract/contract.js';
import type { SmesherNode } from '../../core/node/node.js';
import { openRoundId, roundStartMs } from '../../core/poet/schedule.js';
import type { CriticalInput } from './critical.js';

/** The registration window of the open round, when an identity still has to register in it. */
export function openRegistrationWindows(node: Pick<SmesherNode, 'schedule' | 'preset' | 'identities'>, timeline: readonly TimelineEvent[], nowMs: number): CriticalInput['registrationWindows'] {
  const ids = node.identities().map((i) => i.smesherId);
  if (ids.length === 0) return [];
  const round = openRoundId(node.schedule, nowMs);
  const registered = new Set(timeline.filter((e) => e.event === 'poet_registered' && e.round === round).map((e) => e.smesherId));
  if (ids.every((id) => registered.has(id))) return [];
  const endMs = roundStartMs(node.schedule, round);
  return [{ startMs: endMs - node.preset.poet.gracePeriodMs, endMs }];
}

export interface QuitGuardDeps {
  readonly app: Pick<App, 'on' | 'quit'>;
  readonly dialog: Pick<Dialog, 'showMessageBox'>;
  /** Why quitting now is risky, or null. */
  readonly reason: () => Promise<string | null>;
  /** Runs once the user really quits (stop the node, close files). */
  readonly onQuit: () => Promise<void>;
}

/** Installs the guard on `before-quit`. Returns a function that marks the quit as confirmed (tray "Quit"). */
export function installQuitGuard(deps: QuitGuardDeps): { quitting: () => boolean } {
  let confirmed = false;
  let cleaned = false;
  deps.app.on('before-quit', (event) => {
    if (cleaned) return;
    event.preventDefault();
    void (async () => {
      if (!confirmed) {
        const reason = await deps.reason();
        if (reason !== null) {
          const { response } = await deps.dialog.showMessageBox({
            type: 'warning',
            buttons: ['Keep running', 'Quit anyway'],
            defaultId: 0,
            cancelId: 0,
            title: 'Quit Smesher?',
            message: 'Quitting now may cost rewards',
            detail: `${reason[0]!.toUpperCase()}${reason.slice(1)}.`,
          });
          if (response !== 1) return;
        }
        confirmed = true;
      }
      await deps.onQuit();
      cleaned = true;
      deps.app.quit();
    })();
  });
  return { quitting: () => confirmed };
}
