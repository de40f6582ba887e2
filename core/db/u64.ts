/**
 * u64 values (balances, fees, nonces, rewards) in SQLite INTEGER columns: stored as the signed int64 with the same
 * bits, read back with safeIntegers. Used by every store that keeps amounts. Pure.
 * @module
 */

/** A u64 as the signed int64 with the same bits, for an SQLite INTEGER column. */
export function u64ToSql(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

/** Back from an SQLite INTEGER (read with safeIntegers) to the u64 it stores. */
export function u64FromSql(value: bigint | number): bigint {
  return BigInt.asUintN(64, BigInt(value));
}
