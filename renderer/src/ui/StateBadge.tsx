/**
 * The design system's one state marker: working, waiting, missed or paid, each with its own colour (the
 * `--state-*` custom properties in styles.css, tuned for contrast in both themes) and its own icon (drawn by the
 * `.badge-*` rules in styles.css, so a screen that only sets the class, or a `data-sync` cell, shows the same
 * icon), and always a word beside it, so the state never rests on colour alone. Every screen marks states this
 * way: an identity at work, a plan stage, an eligible layer's outcome, a transaction, the node's sync.
 * @module
 */

export type UiState = 'working' | 'waiting' | 'missed' | 'paid';

const DEFAULT_WORDS: Readonly<Record<UiState, string>> = { working: 'working', waiting: 'waiting', missed: 'missed', paid: 'paid' };

/** `label` replaces the default word (e.g. "done" for a reached stage, which wears the paid colours). */
export function StateBadge({ state, label, title }: { state: UiState; label?: string | undefined; title?: string | undefined }) {
  return (
    <span className={`badge badge-${state}`} data-state={state} title={title}>
      {label ?? DEFAULT_WORDS[state]}
    </span>
  );
}
