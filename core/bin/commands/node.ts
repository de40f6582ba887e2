/**
 * `smesher node`: runs a node under plain Node until SIGINT/SIGTERM (docs/cli.md §1), optionally smeshing with one
 * identity per `--units` entry, the prover in child processes and, for standalone, the embedded PoET. Flags are
 * all checked before anything touches the data directory. Entry point (I/O).
 * @module
 */
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNode } from '../../node/node.js';
import { DEFAULT_PRESET, getPreset, isPresetName } from '../../params/presets.js';
import { ProcessProver } from '../../post/processProver.js';
import { decodeAddress } from '../../types/address.js';
import { SystemClock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import { createLogger, stderrSink, teeSink } from '../../util/logger.js';
import { RotatingFileSink } from '../../util/rotatingLogFile.js';
import { type Command, type CommandIO, UsageError, intFlag, parseFlags, requiredFlag } from '../cli.js';
import { defaultDataDir } from '../../node/defaultDataDir.js';
import { DEFAULT_API_PORT, type NodeHost, startNodeHost } from '../../api/server/host.js';
import { LogBuffer } from '../../api/server/logBuffer.js';
import packageJson from '../../../package.json' with { type: 'json' };

/** The built renderer, served to browsers when present (`npm run build:renderer`). */
const RENDERER_DIST = fileURLToPath(new URL('../../../renderer/dist', import.meta.url));

const USAGE = `smesher node [--preset P] [--data-dir D] [--log-format json|pretty] [--poet URL ...]
             [--api-port N] [--api-host H] [--no-api]
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
  The smeshing setup is saved in the network directory (smeshing.json): later starts without --smesh smesh
  as it was left (also when started, paused or stopped over the API); --smesh flags replace the saved setup.
  --api-port N      port of the local API and UI (default ${DEFAULT_API_PORT}; 0 = any free port)
  --api-host H      listen address (default 127.0.0.1; anything else exposes the node: use an SSH tunnel instead)
  --no-api          run without the API listener
Prints "node running <network dir>" once started, then "api <url>" and "ui <address with token>".
The token is in D/api-token (owner-only); every API route but GET /healthz needs it.`;

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
    'api-port': { type: 'string' },
    'api-host': { type: 'string' },
    'no-api': { type: 'boolean' },
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
  const apiPort = intFlag(values['api-port'], 'api-port', 0, 65535, DEFAULT_API_PORT);
  const apiHost = values['api-host'] ?? '127.0.0.1';
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir(io.env));
  const clock = new SystemClock();
  // The console for whoever started it; the rotating files for a report after the console is gone.
  const logs = new LogBuffer({ next: teeSink(stderrSink, new RotatingFileSink(join(dataDir, 'logs'))), now: () => clock.now() });
  const logger = createLogger({ sink: logs, format });
  const node = await createNode(
    { preset, ...(smeshing === undefined ? {} : { smeshing }), ...(values.poet === undefined ? {} : { poetUrls: values.poet }) },
    { logger, clock, proverFactory: () => new ProcessProver({ logger }), dataDir },
  );
  io.stdout(`node running ${node.networkDir}`);
  let host: NodeHost | undefined;
  try {
    host = await startNodeHost({
      node, dataDir, clock, logger, logs, version: packageJson.version,
      listen: values['no-api'] === true ? false : { host: apiHost, port: apiPort, rendererDir: RENDERER_DIST },
    });
  } catch (err) {
    await node.close();
    throw err;
  }
  if (host.server !== undefined) {
    io.stdout(`api ${host.server.url}`);
    io.stdout(`ui ${host.server.uiUrl}`);
  }
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await host.close();
  await node.close();
  return 0;
}

export const nodeCommand: Command = {
  name: 'node',
  summary: 'run a node (and smesh with --smesh)',
  usage: USAGE,
  run,
};
