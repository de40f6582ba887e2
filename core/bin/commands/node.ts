/**
 * `smesher node`: runs a node under plain Node until SIGINT/SIGTERM (docs/cli.md §1), optionally smeshing with one
 * identity per `--units` entry, the prover in child processes and, for standalone, the embedded PoET. Flags are
 * all checked before anything touches the data directory. Entry point (I/O).
 * @module
 */
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readChosenNetwork } from '../../node/chosenNetwork.js';
import { lockDataDir } from '../../node/dataDir.js';
import { type SmeshingOptions, createNode } from '../../node/node.js';
import type { PeeringOptions } from '../../node/peering.js';
import { type NetworkDefinition, isBootnodeAddress, isListenAddress } from '../../params/networkFile.js';
import { DEFAULT_PRESET, getPreset, isPresetName } from '../../params/presets.js';
import type { Preset } from '../../params/types.js';
import { ProcessProver } from '../../post/processProver.js';
import { decodeAddress } from '../../types/address.js';
import { SystemClock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import type { FileLock } from '../../util/lockFile.js';
import { type LogLevel, createLogger, isLogLevel, stderrSink, teeSink } from '../../util/logger.js';
import { RotatingFileSink } from '../../util/rotatingLogFile.js';
import { readNetworkFlag } from '../networkFlag.js';
import { type Command, type CommandIO, UsageError, intFlag, parseFlags, requiredFlag } from '../cli.js';
import { defaultDataDir } from '../../node/defaultDataDir.js';
import { DEFAULT_API_PORT, type NodeHost, startNodeHost } from '../../api/server/host.js';
import { LogBuffer } from '../../api/server/logBuffer.js';
import packageJson from '../../../package.json' with { type: 'json' };

/** The built renderer, served to browsers when present (`npm run build:renderer`). */
const RENDERER_DIST = fileURLToPath(new URL('../../../renderer/dist', import.meta.url));

const USAGE = `smesher node [--preset P | --network FILE] [--data-dir D] [--log-format json|pretty] [--log-level L] [--poet URL ...]
             [--listen MULTIADDR] [--bootnodes MULTIADDR[,...]] [--no-mdns]
             [--api-port N] [--api-host H] [--no-api]
             [--smesh --post-dir D --units N[,N...] [--threads N] [--coinbase ADDRESS]]

Runs a node until interrupted (Ctrl-C). Network data goes to D/<preset>-<genesisId8>/.
Without --preset or --network it runs the network last joined from the app (D/network.json), else standalone.
  --preset P        standalone (default), devnet or testnet
  --data-dir D      default: the per-user app data folder
  --log-format F    json (one object per line, timeline lines carry "event") or pretty (default)
  --log-level L     debug, info (default), warn or error: the least severe line written (console and log files)
  --network FILE    join the network a network file defines (smesher network new): its preset, genesis,
                    PoET servers and bootnodes; data goes to D/<preset>-<genesisId8>/ as for a preset
  --poet URL        a PoET server (repeatable; default: the preset's or the network file's; standalone embeds its own)
  --listen ADDR     p2p listen multiaddr (default /ip4/0.0.0.0/tcp/7513; /ip4/127.0.0.1/tcp/0 for a local test);
                    on standalone it is kept for a network joined from the app
  --bootnodes A,B   peers to dial at start, full multiaddrs with /p2p/<id> (replace the network file's)
  --no-mdns         no LAN discovery whatever the network file says (accepted on every network)
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
Prints "node running <network dir>" once started, "p2p <multiaddr>" per listening address on a network with peers,
then "api <url>" and "ui <address with token>".
The token is in D/api-token (owner-only); the API routes (/api, /ws) need it, the UI files and GET /healthz do not.
One node per data folder and per PoS folder: a second is refused with one line naming the first (pid, API
address); the locks are D/smesher.lock and smesher.lock in each PoS folder, and a dead holder's lock is taken over.`;

function parseUnits(value: string): number[] {
  if (!/^\d+(,\d+)*$/.test(value)) throw new UsageError(`--units must be numbers separated by commas, like 1,2,4; got "${value}"`);
  return value.split(',').map(Number);
}

async function run(args: readonly string[], io: CommandIO): Promise<number> {
  const { values } = parseFlags(args, {
    preset: { type: 'string' },
    'data-dir': { type: 'string' },
    'log-format': { type: 'string' },
    'log-level': { type: 'string' },
    poet: { type: 'string', multiple: true },
    network: { type: 'string' },
    listen: { type: 'string' },
    bootnodes: { type: 'string' },
    'no-mdns': { type: 'boolean' },
    smesh: { type: 'boolean' },
    'post-dir': { type: 'string' },
    units: { type: 'string' },
    threads: { type: 'string' },
    coinbase: { type: 'string' },
    'api-port': { type: 'string' },
    'api-host': { type: 'string' },
    'no-api': { type: 'boolean' },
  });
  if (values.network !== undefined && values.preset !== undefined) throw new UsageError('--preset and --network exclude each other: the network file names its preset');
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir(io.env));
  const network = values.network !== undefined ? await readNetworkFlag(values.network) : values.preset === undefined ? await chosenNetwork(dataDir) : undefined;
  const presetName = network?.preset.name ?? values.preset ?? DEFAULT_PRESET;
  if (!isPresetName(presetName)) throw new UsageError(`--preset must be standalone, devnet or testnet; got "${presetName}"`);
  const preset = network?.preset ?? getPreset(presetName);
  const peering = withTestGateFile(peeringFlags(values, preset.p2p.enabled), io.env[TEST_GATE_ENV]);
  const format = values['log-format'] ?? 'pretty';
  if (format !== 'json' && format !== 'pretty') throw new UsageError('--log-format must be json or pretty');
  const level = values['log-level'] ?? 'info';
  if (!isLogLevel(level)) throw new UsageError(`--log-level must be debug, info, warn or error; got "${level}"`);
  const smeshOnly = ['post-dir', 'units', 'threads', 'coinbase'] as const;
  if (values.smesh !== true) {
    const stray = smeshOnly.find((f) => values[f] !== undefined);
    if (stray !== undefined) throw new UsageError(`--${stray} needs --smesh`);
  }
  let smeshing: SmeshingOptions | undefined;
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
  // One node per data folder, checked before anything in it is opened (the log files included): a second one is
  // refused with a line naming the first (pid, API address) and touches nothing.
  const lock = lockDataDir(dataDir, 'smesher node');
  try {
    return await runLocked({ values, io, dataDir, lock, preset, network, peering, format, level, smeshing, apiPort, apiHost });
  } finally {
    lock.release();
  }
}

interface Resolved {
  values: { poet?: string[]; 'no-api'?: boolean };
  io: CommandIO;
  dataDir: string;
  lock: FileLock;
  preset: Preset;
  network: NetworkDefinition | undefined;
  peering: PeeringOptions;
  format: 'json' | 'pretty';
  level: LogLevel;
  smeshing: SmeshingOptions | undefined;
  apiPort: number;
  apiHost: string;
}

async function runLocked(r: Resolved): Promise<number> {
  const { values, io, dataDir, preset, peering, smeshing } = r;
  // Listening from the start: a SIGINT/SIGTERM while the node starts stops it cleanly once started (locks released,
  // endpoint removed) instead of killing it halfway.
  const stopped = new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  const clock = new SystemClock();
  // The console for whoever started it; the rotating files for a report after the console is gone.
  const logs = new LogBuffer({ next: teeSink(stderrSink, new RotatingFileSink(join(dataDir, 'logs'))), now: () => clock.now() });
  const logger = createLogger({ sink: logs, format: r.format, level: r.level });
  const deps = { logger, clock, proverFactory: () => new ProcessProver({ logger }), dataDir, dataDirLock: r.lock };
  const node = await createNode(
    { preset, peering, ...(smeshing === undefined ? {} : { smeshing }), ...(values.poet === undefined ? {} : { poetUrls: values.poet }) },
    deps,
  );
  // Another network joined from the app (network.join): the same data dir, lock and prover; --listen and --no-mdns
  // carry over, the first network's bootnodes and PoET flags do not; it smeshes as its own saved setup says.
  const restart = (next: NetworkDefinition | null) => {
    const nextPeering: PeeringOptions = {
      ...(peering.listen === undefined ? {} : { listen: peering.listen }),
      ...(peering.mdns === false ? { mdns: false } : {}),
      ...(peering.testGateFile === undefined ? {} : { testGateFile: peering.testGateFile }),
    };
    return createNode({ preset: next?.preset ?? getPreset(DEFAULT_PRESET), peering: next === null ? {} : nextPeering }, deps);
  };
  io.stdout(`node running ${node.networkDir}`);
  // What other nodes put in --bootnodes: one line per listening address, with this node's peer id.
  for (const addr of node.p2p?.addrs() ?? []) io.stdout(`p2p ${addr}`);
  let host: NodeHost | undefined;
  try {
    host = await startNodeHost({
      node, dataDir, clock, logger, logs, version: packageJson.version, lock: r.lock, network: r.network ?? null, restart,
      listen: values['no-api'] === true ? false : { host: r.apiHost, port: r.apiPort, rendererDir: RENDERER_DIST },
    });
  } catch (err) {
    await node.close();
    throw err;
  }
  if (host.server !== undefined) {
    io.stdout(`api ${host.server.url}`);
    io.stdout(`ui ${host.server.uiUrl}`);
  }
  await stopped;
  await host.close();
  await host.node().close();
  return 0;
}

/**
 * Test only: `SMESHER_TEST_GATE=<path>` makes the node's connection gate follow a JSON file,
 * `{"denyAll": bool, "denied": [peer ids]}` (core/p2p/testGateFile.ts), so multi-process tests can split and heal a
 * network (test/sim/split.test.ts). Unset or empty, nothing changes. Not a flag: no user should ever need it.
 */
const TEST_GATE_ENV = 'SMESHER_TEST_GATE';

function withTestGateFile(peering: PeeringOptions, path: string | undefined): PeeringOptions {
  return path === undefined || path === '' ? peering : { ...peering, testGateFile: resolve(path) };
}

/** `--listen`, `--bootnodes`, `--no-mdns`: checked here so a typo is a usage error, not a failed start. */
function peeringFlags(values: { listen?: string; bootnodes?: string; 'no-mdns'?: boolean }, enabled: boolean): PeeringOptions {
  // --listen is accepted on standalone: it is kept for a network the user joins from the app.
  if (!enabled && values.bootnodes !== undefined) {
    throw new UsageError('--bootnodes needs a network with peers (--network FILE, or --preset devnet|testnet)');
  }
  if (values.listen !== undefined && !isListenAddress(values.listen)) throw new UsageError(`--listen must be a multiaddr like /ip4/127.0.0.1/tcp/7513, got "${values.listen}"`);
  const bootnodes = values.bootnodes?.split(',').filter((b) => b !== '');
  for (const b of bootnodes ?? []) {
    if (!isBootnodeAddress(b)) throw new UsageError(`--bootnodes: "${b}" is not a multiaddr with /p2p/<peer id>`);
  }
  return {
    ...(values.listen === undefined ? {} : { listen: [values.listen] }),
    ...(bootnodes === undefined ? {} : { bootnodes }),
    ...(values['no-mdns'] === true ? { mdns: false } : {}),
  };
}

/** The network last joined from the app, as a usage error when its saved file is damaged. */
async function chosenNetwork(dataDir: string): Promise<NetworkDefinition | undefined> {
  try {
    return await readChosenNetwork(dataDir);
  } catch (err) {
    throw new UsageError(errorMessage(err));
  }
}

export const nodeCommand: Command = {
  name: 'node',
  summary: 'run a node (and smesh with --smesh)',
  usage: USAGE,
  run,
};
