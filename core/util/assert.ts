/**
 * Argument checks at module boundaries, in the style of noble's `a*` helpers.
 *
 * A wrong type throws `TypeError`, a wrong value `RangeError`; every message starts with the caller's title so
 * the field is named (`"nodeId: expected 32 bytes, got 31"`). Pure.
 * @module
 */

/** Throws a plain `Error` when an internal invariant does not hold: a bug, never bad input. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`invariant failed: ${message}`);
}

/** Checks that `value` is a Uint8Array, of exactly `length` bytes when given. */
export function abytes(value: unknown, length: number | undefined, title: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${title}: expected Uint8Array, got ${describe(value)}`);
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`${title}: expected ${length} bytes, got ${value.length}`);
  }
}

/** Checks that `value` is a safe integer in `[min, max]`. */
export function aint(value: unknown, min: number, max: number, title: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TypeError(`${title}: expected an integer, got ${describe(value)}`);
  }
  if (value < min || value > max) throw new RangeError(`${title}: ${value} is outside [${min}, ${max}]`);
}

/** Checks that `value` is a bigint in `[min, max]`. */
export function abigint(value: unknown, min: bigint, max: bigint, title: string): asserts value is bigint {
  if (typeof value !== 'bigint') throw new TypeError(`${title}: expected a bigint, got ${describe(value)}`);
  if (value < min || value > max) throw new RangeError(`${title}: ${value} is outside [${min}, ${max}]`);
}

/** Checks that `value` is a string of at most `maxLength` UTF-16 code units. */
export function astring(value: unknown, maxLength: number, title: string): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${title}: expected a string, got ${describe(value)}`);
  if (value.length > maxLength) throw new RangeError(`${title}: longer than ${maxLength} characters`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  return typeof value;
}
