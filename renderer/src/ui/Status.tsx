/**
 * Shared state views: a loading line, an error box with a retry, and an empty-state note, so every screen says
 * the same thing the same way (and screen readers hear errors through role="alert"). A screen shows its body only
 * once the facts it lays out have all arrived (`Loading` until then): cards that fill in one by one push the
 * ones below them down while the user reads.
 * @module
 */
import type { ReactNode } from 'react';

export function ErrorBox({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="error" role="alert">
      <span>{message}</span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Stands in for a screen's body until its first facts arrive. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-busy="true">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Card({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section className="card" aria-labelledby={id ? `${id}-title` : undefined}>
      <h2 id={id ? `${id}-title` : undefined}>{title}</h2>
      {children}
    </section>
  );
}
