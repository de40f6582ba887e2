/**
 * `smesher bench <name> [--json]`: runs one benchmark and prints its figures, each with the baseline measured in the
 * same run (docs/performance.md; docs/cli.md §4). With `--json`, one `{"bench","metric","value","unit","baseline","baseline_value","ratio"}`
 * line per figure. Benchmarks are listed in core/bench/index.ts; `all` runs every one but the long ones. Entry point.
 * @module
 */
import { BENCHES, type BenchResult, LONG_BENCHES } from '../../bench/index.js';
import { type Command, UsageError, parseFlags } from '../cli.js';

const NAMES = [...Object.keys(BENCHES), 'all', ...Object.keys(LONG_BENCHES)];

const USAGE = `smesher bench <name> [--json]

Runs a benchmark and prints each figure with its same-run baseline and the ratio.
  name    one of: ${NAMES.join(', ')} (all: every one before it; ${Object.keys(LONG_BENCHES).join(', ')}: by name only, tens of minutes)
  --json  one JSON object per line`;

function describe(r: BenchResult): string {
  return `${r.bench} ${r.metric}: ${r.value} ${r.unit}  (baseline ${r.baseline}: ${r.baseline_value})  ratio ${r.ratio}`;
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'measure performance against same-run baselines',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, { json: { type: 'boolean' } }, true);
    const [name, ...extra] = positionals;
    if (name === undefined) throw new UsageError(`which benchmark? one of: ${NAMES.join(', ')}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const one = Object.hasOwn(BENCHES, name) ? BENCHES[name] : Object.hasOwn(LONG_BENCHES, name) ? LONG_BENCHES[name] : undefined;
    if (name !== 'all' && one === undefined) throw new UsageError(`unknown benchmark "${name}"; known: ${NAMES.join(', ')}`);
    for (const bench of one === undefined ? Object.values(BENCHES) : [one]) {
      for (const r of await bench()) io.stdout(values.json ? JSON.stringify(r) : describe(r));
    }
    return 0;
  },
};
