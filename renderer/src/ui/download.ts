/**
 * Saves text as a file from the page: a Blob behind an object URL and a temporary `<a download>` click. Works under
 * the strict CSP (no data: URL, no inline script) in the browser and the Electron window alike. DOM I/O.
 * @module
 */

/** Offers `text` as a download named `fileName`. */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has read the URL once the click's task has run.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `rewards-2026-12-07.csv`: a name that sorts by date and says what is inside. */
export function datedFileName(what: string, nowMs: number): string {
  return `${what}-${new Date(nowMs).toISOString().slice(0, 10)}.csv`;
}
