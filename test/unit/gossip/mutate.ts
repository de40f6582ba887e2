/**
 * Fuzzing inputs for gossip handlers: random bytes, and byte-level mutations of a valid message (flip, truncate,
 * extend, splice, chained), plus a fingerprint of a whole state database to show a refusal changed nothing.
 * @module
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { Executor } from '../../../core/db/database.js';
import { equalBytes } from '../../../core/util/bytes.js';

type Op = (b: Uint8Array) => Uint8Array;

/** XOR 1–4 bytes with non-zero masks. */
const flip: fc.Arbitrary<Op> = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }).map((flips) => (b) => {
  const out = b.slice();
  for (const [at, mask] of flips) if (out.length > 0) out[at % out.length]! ^= mask;
  return out;
});

/** Keep a prefix (possibly empty). */
const truncate: fc.Arbitrary<Op> = fc.nat().map((cut) => (b) => b.slice(0, b.length === 0 ? 0 : cut % b.length));

/** Append 1–16 random bytes. */
const extend: fc.Arbitrary<Op> = fc.uint8Array({ minLength: 1, maxLength: 16 }).map((tail) => (b) => Uint8Array.from([...b, ...tail]));

/** Replace a range with random bytes of another length, or with a copy of another range of the message. */
const splice: fc.Arbitrary<Op> = fc
  .tuple(fc.nat(), fc.nat({ max: 32 }), fc.oneof(fc.uint8Array({ maxLength: 32 }), fc.tuple(fc.nat(), fc.nat({ max: 64 }))))
  .map(([at, len, what]) => (b) => {
    const start = b.length === 0 ? 0 : at % b.length;
    const end = Math.min(b.length, start + len);
    const chunk = what instanceof Uint8Array ? what : b.slice(b.length === 0 ? 0 : what[0] % b.length).slice(0, what[1]);
    return Uint8Array.from([...b.subarray(0, start), ...chunk, ...b.subarray(end)]);
  });

/** One to three of the mutations above, applied in order. */
const ops: fc.Arbitrary<Op[]> = fc.array(fc.oneof(flip, truncate, extend, splice), { minLength: 1, maxLength: 3 });

/** `base` changed by 1–3 byte-level mutations; never `base` itself. */
export function mutated(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  return ops.map((list) => list.reduce((b, op) => op(b), base)).filter((b) => !equalBytes(b, base));
}

/** Random bytes (up to `maxLength`) or a mutation of one of `valid`. */
export function fuzzInput(valid: readonly Uint8Array[], maxLength = 400): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength }) },
    { weight: 3, arbitrary: fc.constantFrom(...valid).chain(mutated) },
  );
}

/**
 * A mutation of the signed part of a message, re-signed by the honest key so the handler gets past the signature
 * check: `split` gives the signed part's bytes, `rebuild` decodes mutated ones and signs them (null when they no
 * longer decode; those are dropped).
 */
export function resignedMutation(signedPart: Uint8Array, rebuild: (mutatedPart: Uint8Array) => Uint8Array | null): fc.Arbitrary<Uint8Array> {
  return mutated(signedPart)
    .map((part) => {
      try {
        return rebuild(part);
      } catch {
        return null;
      }
    })
    .filter((b): b is Uint8Array => b !== null);
}

const tableReaders = new WeakMap<Executor, Array<[string, Database.Statement]>>();

/** sha256 over every row of every table of `db` (schema included), in a fixed order: equal fingerprints, equal contents. */
export function fingerprint(db: Executor): string {
  let readers = tableReaders.get(db);
  if (readers === undefined) {
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    readers = [['sqlite_master', db.prepare('SELECT * FROM sqlite_master')], ...names.map((n): [string, Database.Statement] => [n, db.prepare(`SELECT * FROM "${n}"`)])];
    for (const [, stmt] of readers) stmt.safeIntegers(true).raw(true);
    tableReaders.set(db, readers);
  }
  const h = createHash('sha256');
  for (const [name, stmt] of readers) {
    const rows = stmt.all() as unknown[][];
    const lines = rows.map((row) => row.map((v) => (v instanceof Uint8Array ? `x${Buffer.from(v).toString('hex')}` : typeof v === 'bigint' ? `n${v}` : JSON.stringify(v))).join('|')).sort();
    h.update(`${name}:${rows.length}\n${lines.join('\n')}\n`);
  }
  return h.digest('hex');
}

/** Row counts per table (for readable assertion messages). */
export function rowCounts(db: Executor, tables: readonly string[]): Record<string, number> {
  return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]));
}

/**
 * A copy maker for `db` as it is now: each call gives an independent in-memory database with the same contents
 * (restoring a scenario after an input that was rightly accepted, without redoing its setup).
 */
export function snapshot(db: Executor): () => Executor {
  const image = db.serialize();
  return () => {
    const copy = new Database(image);
    copy.pragma('foreign_keys = ON');
    return copy;
  };
}
