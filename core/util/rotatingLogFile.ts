/**
 * Rotating log files for both hosts, the app and `smesher node` (smapp #1624: logs once filled a disk; #1080:
 * rotation lost hours): lines go to
 * `<dir>/smesher.log`; when it would pass `maxBytes` it becomes `smesher.1.log`, older files shift up, and only
 * `keep` old files remain, so the folder never holds more than `(keep + 1) · maxBytes`. Writes are synchronous
 * appends, so nothing logged before a crash is lost. Lines arrive formatted and redacted by core/util/logger.ts.
 * I/O: files.
 * @module
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LogLevel, LogSink } from './logger.js';

export const LOG_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const LOG_FILES_KEPT = 5;
const BASE = 'smesher';

/** `<dir>/smesher.log`, or `<dir>/smesher.N.log` for the N-th older file. */
export function logFilePath(dir: string, index = 0): string {
  return join(dir, index === 0 ? `${BASE}.log` : `${BASE}.${index}.log`);
}

export class RotatingFileSink implements LogSink {
  readonly #dir: string;
  readonly #maxBytes: number;
  readonly #keep: number;
  #size: number;

  constructor(dir: string, options: { maxBytes?: number; keep?: number } = {}) {
    this.#dir = dir;
    this.#maxBytes = options.maxBytes ?? LOG_FILE_MAX_BYTES;
    this.#keep = options.keep ?? LOG_FILES_KEPT;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.#size = existsSync(logFilePath(dir)) ? statSync(logFilePath(dir)).size : 0;
  }

  write(line: string, _level: LogLevel): void {
    const bytes = Buffer.byteLength(line) + 1;
    if (this.#size > 0 && this.#size + bytes > this.#maxBytes) this.#rotate();
    appendFileSync(logFilePath(this.#dir), `${line}\n`, { mode: 0o600 });
    this.#size += bytes;
  }

  #rotate(): void {
    rmSync(logFilePath(this.#dir, this.#keep), { force: true });
    for (let i = this.#keep - 1; i >= 0; i--) {
      const from = logFilePath(this.#dir, i);
      if (existsSync(from)) renameSync(from, logFilePath(this.#dir, i + 1));
    }
    this.#size = 0;
  }
}
