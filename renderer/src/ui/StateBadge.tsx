/**
 * The design system's one state marker: working, waiting, missed or paid, each with its own colour (the
 * `--state-*` custom properties in styles.css, tuned for contrast in both themes) and its own icon, and always a
 * word beside it, so the state never rests on colour alone. Every screen marks states with this, the same way:
 * an identity at work, a plan stage, an eligible layer's outcome, a transaction, the node's sync.
 * @module
 */

export type UiState = 'working' | 'waiting' | 'missed' | 'paid';

const DEFAULT_WORDS: Readonly<Record<UiState, string>> = { working: 'working', waiting: 'waiting', missed: 'missed', paid: 'paid' };

/** `label` replaces the default word (e.g. "done" for a reached stage, which wears the paid colours). */
export function StateBadge({ state, label, title }: { state: UiState; label?: string | undefined; title?: string | undefined }) {
  return (
    <span className={`badge badge-${state}`} data-state={state} title={title}>
      <StateIcon state={state} />
      <span>{label ?? DEFAULT_WORDS[state]}</span>
    </span>
  );
}

/** 14-px line icons in the text colour: half-filled disc, clock, crossed circle, ticked circle. */
export function StateIcon({ state }: { state: UiState }) {
  return (
    <svg className="badge-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      {state === 'working' && <path d="M8 1.5 A6.5 6.5 0 0 1 8 14.5 Z" fill="currentColor" />}
      {state === 'waiting' && <path d="M8 4.5 V8 L10.5 9.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />}
      {state === 'missed' && <path d="M5.5 5.5 L10.5 10.5 M10.5 5.5 L5.5 10.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />}
      {state === 'paid' && <path d="M4.8 8.2 L7.1 10.4 L11.2 5.8" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />}
    </svg>
  );
}
