/**
 * What the node already smeshes with, shown at the top of the wizard: each identity's folder, units and state.
 * The node runs one setup at a time, so the wizard says that a new one needs the current one stopped first.
 * @module
 */
import type { IdentityStatus } from '../../../../core/api/contract/contract.js';

export function RunningIdentities({ identities }: { identities: readonly IdentityStatus[] }) {
  if (identities.length === 0) return null;
  return (
    <div className="note" data-testid="running-identities">
      <p>
        This node already smeshes with {identities.length} identit{identities.length === 1 ? 'y' : 'ies'}. A new setup replaces it: stop smeshing on the Smeshing
        screen first (the PoS data stays).
      </p>
      <ul>
        {identities.map((i) => (
          <li key={i.smesherId}>
            <span className="mono">{i.postDir}</span>: {i.numUnits} unit(s), {i.state}
          </li>
        ))}
      </ul>
    </div>
  );
}
