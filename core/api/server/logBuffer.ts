/**
 * A log sink that keeps the last records in memory for `logs.tail` and the `log` event, and passes every line on to
 * the next sink (stderr, a rotating file). Lines arrive already formatted by core/util/logger.ts, which has removed
 * secrets. Pure state.
 * @module
 */
import type { LogLevel, LogSink } from '../../util/logger.js';
import type { LogRecord } from '../contract/contract.js';
import type { LogSource } from '../service/interface.js';

export const LOG_BUFFER_RECORDS = 2000;
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export class LogBuffer implements LogSink, LogSource {
  readonly #records: LogRecord[] = [];
  readonly #listeners = new Set<(record: LogRecord) => void>();
  readonly #next: LogSink | undefined;
  readonly #now: () => number;

  constructor(options: { next?: LogSink; now: () => number; capacity?: number }) {
    this.#next = options.next;
    this.#now = options.now;
    this.capacity = options.capacity ?? LOG_BUFFER_RECORDS;
  }

  readonly capacity: number;

  write(line: string, level: LogLevel): void {
    this.#next?.write(line, level);
    const record: LogRecord = { timeMs: this.#now(), level, line };
    this.#records.push(record);
    if (this.#records.length > this.capacity) this.#records.shift();
    for (const listener of this.#listeners) listener(record);
  }

  tail(limit: number, minLevel: LogLevel): LogRecord[] {
    return this.#records.filter((r) => RANK[r.level] >= RANK[minLevel]).slice(-limit);
  }

  onRecord(listener: (record: LogRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
