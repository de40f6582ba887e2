/**
 * A refused start as the node said it: the code (what support and the docs name) and the message (what to do),
 * announced through role="alert" next to the Start button.
 * @module
 */

export interface Refusal {
  readonly code: string | null;
  readonly message: string;
}

/** The code and message of a failed call (an ApiCallError carries both; anything else only a message). */
export function refusalOf(error: unknown): Refusal {
  const code = (error as { code?: unknown } | null)?.code;
  return { code: typeof code === 'string' ? code : null, message: error instanceof Error ? error.message : String(error) };
}

export function StartError({ refusal }: { refusal: Refusal }) {
  return (
    <div className="error" role="alert" data-testid="start-error" data-code={refusal.code ?? undefined}>
      <span>
        Smeshing did not start: {refusal.message}
        {refusal.code && (
          <>
            {' '}
            (<code>{refusal.code}</code>)
          </>
        )}
      </span>
    </div>
  );
}
