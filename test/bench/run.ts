/**
 * `npm run bench`: runs the benchmark modules and prints every result as one JSON line on stdout.
 *
 * Usage: node --import tsx test/bench/run.ts [--only <bench>]
 * To add a module, append it to BENCHES. Test tooling; reads the clock.
 * @module
 */
import { parseArgs } from 'node:util';
import { benchCrypto } from './crypto.js';
import type { BenchResult } from './result.js';

/** Every bench module, by the name `--only` takes. */
const BENCHES: readonly { readonly name: string; readonly run: () => Promise<BenchResult[]> }[] = [
  { name: 'crypto', run: benchCrypto },
];

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const selected = values.only === undefined ? BENCHES : BENCHES.filter((b) => b.name === values.only);
if (selected.length === 0) {
  console.error(`unknown bench "${values.only}"; known: ${BENCHES.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
for (const bench of selected) {
  for (const r of await bench.run()) console.log(JSON.stringify(r));
}
