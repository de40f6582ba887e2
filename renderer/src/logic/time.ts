/**
 * Times and durations for people: node times are ms since the Unix epoch; durations read like "2 h 5 min". Pure
 * (the locale's date format comes from the platform's Intl).
 * @module
 */

/** `3725` → `"1 h 2 min"`; under a minute shows seconds, so a countdown keeps moving. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min ${s % 60} s`;
}

/** A date and time in the user's locale, with seconds (standalone networks have layers of seconds). */
export function formatTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/**
 * A time the way a list of near events wants it: only the time of day (with seconds) when it falls on the same
 * local day as `nowMs`, the date and time otherwise. Short enough not to wrap in a narrow column.
 */
export function formatTimeOfDay(ms: number, nowMs: number): string {
  const at = new Date(ms);
  const now = new Date(nowMs);
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  return sameDay ? at.toLocaleTimeString(undefined, { timeStyle: 'medium' }) : formatTime(ms);
}

/** Bytes for people: GiB for real plots, KiB/MiB for the tiny units of test presets (`1073741824` → `"1.0 GiB"`). */
export function formatGiB(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  return `${(bytes / 2 ** 10).toFixed(1)} KiB`;
}
