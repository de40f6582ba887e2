/**
 * Pause, resume and stop for the node's smeshing. The API controls every identity at once, so these buttons sit
 * above the identity cards rather than on each. Stop asks first: it forgets the setup (the PoS data and keys stay)
 * and the eligible layers ahead then pay nothing. Each result's status goes straight into the node store.
 * @module
 */
import { useState } from 'react';
import type { IdentityStatus, NodeStatus } from '../../../../core/api/contract/contract.js';
import { client, describeError } from '../../api.js';
import { setStatus } from '../../state/nodeStore.js';
import { useSmeshing } from '../../state/smeshingStore.js';
import { ErrorBox } from '../../ui/Status.js';

type Action = 'pause' | 'resume' | 'stop';

export function SmeshingControls({ identities }: { identities: readonly IdentityStatus[] }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  if (identities.length === 0) return null;
  const paused = identities.some((i) => i.state === 'paused');
  const running = identities.some((i) => i.state === 'working' || i.state === 'sleeping');

  const act = async (what: Action) => {
    setBusy(true);
    try {
      const status: NodeStatus = await client.smeshing[what]({});
      setStatus(status);
      setError(null);
      setConfirming(false);
      void useSmeshing.getState().load();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="controls" data-testid="smeshing-controls">
      {error && <ErrorBox message={error} />}
      {paused && (
        <p role="status" className="paused-note">
          Smeshing is paused: nothing is written or proven until you resume, and eligible layers pass without rewards.
        </p>
      )}
      <div className="row">
        {running && !paused && (
          <button type="button" disabled={busy} onClick={() => void act('pause')}>
            Pause
          </button>
        )}
        {paused && (
          <button type="button" className="primary" disabled={busy} onClick={() => void act('resume')}>
            Resume
          </button>
        )}
        {!confirming && (
          <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
            Stop smeshing
          </button>
        )}
      </div>
      {confirming && (
        <div className="confirm" role="alertdialog" aria-labelledby="stop-title" aria-describedby="stop-text">
          <h3 id="stop-title">Stop smeshing?</h3>
          <p id="stop-text">
            The node stops {identities.length === 1 ? 'its identity' : `all ${identities.length} identities`} and forgets this setup. Your PoS data and keys stay on disk: start again
            with the same folder and units to carry on, or delete the data on the Node screen. Eligible layers from now on pay nothing.
          </p>
          <div className="row">
            <button type="button" className="danger" disabled={busy} onClick={() => void act('stop')}>
              Yes, stop smeshing
            </button>
            {/* Focus lands on the safe choice, so Enter on a stray keypress keeps smeshing. */}
            <button type="button" disabled={busy} onClick={() => setConfirming(false)} autoFocus>
              Keep smeshing
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
