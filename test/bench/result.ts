/**
 * The bench record and timing helper for test/bench modules. The definitions live in core/bench/result.ts, which
 * `smesher bench --json` shares; this file re-exports them so that there is one record shape, not two.
 * @module
 */
export { type BenchResult, benchResult, measureRate } from '../../core/bench/result.js';
