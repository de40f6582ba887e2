/**
 * Positional reads of PoS data: one run of bytes from a data file into a reusable buffer. I/O: reads a file.
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Reads up to `length` bytes at `offset` of `path`, into `into` when it is large enough; returns the bytes read
 * (shorter only at end of file).
 * @throws {Error} the fs error when the file cannot be opened or read
 */
export function readRun(path: string, offset: number, length: number, into?: Uint8Array): Uint8Array {
  const out = into !== undefined && into.length >= length ? into.subarray(0, length) : new Uint8Array(length);
  const fd = openSync(path, 'r');
  try {
    let read = 0;
    while (read < length) {
      const n = readSync(fd, out, read, length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
    return out.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
