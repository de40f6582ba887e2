/**
 * The shape of a vector file and of its runner.
 *
 * Every `test/vectors/<name>.json` has a runner `test/vectors/<name>.ts` whose default export is a
 * {@link VectorRunner}. The harness (test/unit/vectors.test.ts), not the runner, iterates the vectors, so every
 * vector in every file is checked, and a JSON file without a runner fails the suite (lodestar's
 * specTestIterator rule).
 * @module
 */

export interface VectorFile<V> {
  /** Where the values come from: repository + path (+ commit) or a docs/protocol/vectors.md section; "[computed]" ones say so. */
  readonly source: string;
  readonly description?: string;
  readonly vectors: readonly V[];
}

export interface VectorRunner<V> {
  /** A readable name for one vector (shown by the test runner). */
  name(vector: V, index: number): string;
  /** Checks one vector; throws (node:assert) when the implementation disagrees. */
  check(vector: V): void | Promise<void>;
}

/** Identity helper that gives a runner object its types. */
export function defineRunner<V>(runner: VectorRunner<V>): VectorRunner<V> {
  return runner;
}
