/**
 * `smesher bench <name> [--json]`: runs one benchmark and prints its figures, each with the baseline measured in the
 * same run (DESIGN.md). With `--json`, one `{"bench","metric","value","unit","baseline","baseline_value","ratio"}`
 * line per figure. Add a benchmark by adding its module to BENCHES. Entry point.
 * @module
 */
import type { BenchResult } from '../../bench/result.js';
import { benchPoet } from '../../bench/poet.js';
import { benchPost, benchProve } from '../../bench/post.js';
import { type Command, UsageError, parseFlags } from '../cli.js';

/** Every benchmark `smesher bench` runs, by name. */
const BENCHES: Readonly<Record<string, () => Promise<BenchResult[]>>> = {
  poet: benchPoet,
  post: benchPost,
  prove: benchProve,
};

const USAGE = `smesher bench <name> [--json]

Runs a benchmark and prints each figure with its same-run baseline and the ratio.
  name    one of: ${Object.keys(BENCHES).join(', ')}
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
    if (name === undefined) throw new UsageError(`which benchmark? one of: ${Object.keys(BENCHES).join(', ')}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const bench = BENCHES[name];
    if (bench === undefined) throw new UsageError(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
    for (const r of await bench()) io.stdout(values.json ? JSON.stringify(r) : describe(r));
    return 0;
  },
};
