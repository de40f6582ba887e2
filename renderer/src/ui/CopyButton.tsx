/**
 * A small Copy button for ids and addresses. It says what happened through `onResult` (one status line the card
 * keeps, with room reserved, so a row of buttons does not each grow a note and push the layout), including when
 * the browser refuses the clipboard, instead of failing silently.
 * @module
 */
export function CopyButton({ text, what, onResult }: { text: string; what: string; onResult: (message: string) => void }) {
  return (
    <button
      type="button"
      className="copy"
      aria-label={`Copy ${what}`}
      title={`Copy ${what}`}
      onClick={() => {
        navigator.clipboard.writeText(text).then(
          () => onResult(`Copied ${what}.`),
          () => onResult(`Copying is not allowed here; select ${what} and copy it.`),
        );
      }}
    >
      Copy
    </button>
  );
}
