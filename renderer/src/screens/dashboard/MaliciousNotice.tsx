/**
 * A prominent notice for each of this node's identities that the network holds a malfeasance proof against (issue
 * #17): which identity, since when, the cause in words, how it usually happens, and what the user can do. Nothing is
 * shown while no identity is marked.
 * @module
 */
import type { IdentityStatus } from '../../../../core/api/contract/contract.js';
import { MALFEASANCE_ADVICE, malfeasanceNotice } from '../../logic/malfeasance.js';

export function MaliciousNotices({ identities }: { identities: readonly IdentityStatus[] }) {
  const marked = identities.filter((i) => i.malicious !== undefined);
  return (
    <>
      {marked.map((i) => {
        const notice = malfeasanceNotice(i.malicious!.kind);
        const titleId = `malicious-${i.smesherId.slice(0, 12)}`;
        return (
          <section key={i.smesherId} className="card error" role="alert" aria-labelledby={titleId} data-testid="malicious-identity">
            <h2 id={titleId}>
              Identity <span className="mono">{i.smesherId.slice(0, 12)}…</span> is marked malicious
            </h2>
            <p>
              {notice.cause} {notice.likely}
            </p>
            <p>Proof received {new Date(i.malicious!.receivedMs).toLocaleString()}.</p>
            <p>{MALFEASANCE_ADVICE}</p>
          </section>
        );
      })}
    </>
  );
}
