/**
 * `smesher node`: runs a node under plain Node until SIGINT/SIGTERM (DESIGN.md CLI), optionally smeshing with one
 * identity per `--units` entry, the prover in child processes and, for standalone, the embedded PoET. Flags are
 * all checked before anything touches the data directory. Entry point (I/O).
 * @module
 */
import { isAbsolute, resolve } from 'node:path';
import { createNode } from '../../node/node.js';
import { DEFAULT_PRESET, getPreset, isPresetName } from '../../params/presets.js';
import { ProcessProver } from '../../post/processProver.js';
import { decodeAddress } from '../../types/address.js';
import { SystemClock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import { createLogger, stderrSink } from '../../util/logger.js';
import { type Command, type CommandIO, UsageError, intFlag, parseFlags, requiredFlag } from '../cli.js';
import { defaultDataDir } from '../paths.js';

const USAGE = `smesher node [--preset P] [--data-dir D] [--log-format json|pretty] [--poet URL ...]
             [--smesh --post-dir D --units N[,N...] [--threads N] [--coinbase ADDRESS]]

Runs a node until interrupted (Ctrl-C). Network data goes to D/<preset>-<genesisId8>/.
  --preset P        standalone (default), devnet or testnet
  --data-dir D      default: the per-user app data folder
  --log-format F    json (one object per line, timeline lines carry "event") or pretty (default)
  --poet URL        a PoET server (repeatable; default: the preset's; standalone embeds its own)
  --smesh           prove space-time and publish ATXs
  --post-dir D      PoS data, one directory per identity: D/post-0, D/post-1, ...
  --units N[,N...]  space units per identity; one identity per entry (1,2,4 runs three)
  --threads N       prover threads per identity (default 1)
  --coinbase ADDR   rewards address for every identity (default: each identity's own)
Prints "node running <network dir>" once started.`;

function parseUnits(value: string): number[] {
  if (!/^\d+(,\d+)*$/.test(value)) throw new UsageError(`--units must be numbers separated by commas, like 1,2,4; got "${value}"`);
  return value.split(',').map(Number);
}

async function run(args: readonly string[], io: CommandIO): Promise<number> {
  const { values } = parseFlags(args, {
    preset: { type: 'string' },
    'data-dir': { type: 'string' },
    'log-format': { type: 'string' },
    poet: { type: 'string', multiple: true },
    smesh: { type: 'boolean' },
    'post-dir': { type: 'string' },
    units: { type: 'string' },
    threads: { type: 'string' },
    coinbase: { type: 'string' },
  });
  const presetName = values.preset ?? DEFAULT_PRESET;
  if (!isPresetName(presetName)) throw new UsageError(`--preset must be standalone, devnet or testnet; got "${presetName}"`);
  const preset = getPreset(presetName);
  const format = values['log-format'] ?? 'pretty';
  if (format !== 'json' && format !== 'pretty') throw new UsageError('--log-format must be json or pretty');
  const smeshOnly = ['post-dir', 'units', 'threads', 'coinbase'] as const;
  if (values.smesh !== true) {
    const stray = smeshOnly.find((f) => values[f] !== undefined);
    if (stray !== undefined) throw new UsageError(`--${stray} needs --smesh`);
  }
  let smeshing;
  if (values.smesh === true) {
    const postDir = requiredFlag(values['post-dir'], 'post-dir');
    const units = parseUnits(requiredFlag(values.units, 'units'));
    for (const u of units) {
      if (u < preset.post.minUnits || u > preset.post.maxUnits) throw new UsageError(`--units: each must be ${preset.post.minUnits}..${preset.post.maxUnits} for ${preset.name}, got ${u}`);
    }
    const threads = intFlag(values.threads, 'threads', 1, 256, 1);
    let coinbase: Uint8Array | undefined;
    if (values.coinbase !== undefined) {
      try {
        coinbase = decodeAddress(values.coinbase, preset.hrp);
      } catch (err) {
        throw new UsageError(`--coinbase: ${errorMessage(err)}`);
      }
    }
    smeshing = { postDir: isAbsolute(postDir) ? postDir : resolve(postDir), units, threads, ...(coinbase === undefined ? {} : { coinbase }) };
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir(io.env));
  const logger = createLogger({ sink: stderrSink, format });
  const node = await createNode(
    { preset, ...(smeshing === undefined ? {} : { smeshing }), ...(values.poet === undefined ? {} : { poetUrls: values.poet }) },
    { logger, clock: new SystemClock(), proverFactory: () => new ProcessProver({ logger }), dataDir },
  );
  io.stdout(`node running ${node.networkDir}`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await node.close();
  return 0;
}

export const nodeCommand: Command = {
  name: 'node',
  summary: 'run a node (and smesh with --smesh)',
  usage: USAGE,
  run,
};
