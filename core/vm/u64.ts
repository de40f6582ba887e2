/**
 * Overflow-checked u64 arithmetic for balances, fees and nonces (their int64 form in SQLite is core/db/u64.ts).
 * go-spacemesh does this math in wrapping `uint64`; here a result outside u64 is an error the caller turns into a rejected or
 * ineffective transaction instead of silently wrapping (docs/protocol/vm-and-transactions.md §8, issue #6 "amounts that overflow").
 * Pure.
 * @module
 */
import { VmError } from './errors.js';

export const U64_MAX = (1n << 64n) - 1n;

/** `a + b`. @throws {VmError} OVERFLOW when the sum exceeds u64 */
export function addU64(a: bigint, b: bigint, what: string): bigint {
  const r = a + b;
  if (r > U64_MAX) throw new VmError('OVERFLOW', `${what}: ${a} + ${b} overflows u64`);
  return r;
}

/** `a - b`. @throws {VmError} OVERFLOW when `b > a` */
export function subU64(a: bigint, b: bigint, what: string): bigint {
  if (b > a) throw new VmError('OVERFLOW', `${what}: ${a} - ${b} underflows u64`);
  return a - b;
}

/** `a * b`. @throws {VmError} OVERFLOW when the product exceeds u64 */
export function mulU64(a: bigint, b: bigint, what: string): bigint {
  const r = a * b;
  if (r > U64_MAX) throw new VmError('OVERFLOW', `${what}: ${a} * ${b} overflows u64`);
  return r;
}
