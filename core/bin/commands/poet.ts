/**
 * `smesher poet serve`: a standalone PoET for a devnet (docs/protocol/poet.md; docs/cli.md §1). It serves the REST API
 * until SIGINT/SIGTERM, then stops after checkpointing the running round, so the next start continues it. Round
 * timing defaults to the devnet preset; `--genesis-time` must match the network's. Entry point (I/O).
 * @module
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { devnet } from '../../params/presets.js';
import { startEmbeddedPoet } from '../../poet/embedded.js';
import { writeJsonAtomic } from '../../poet/files.js';
import { type RoundSchedule, scheduleFromPreset, validateSchedule } from '../../poet/schedule.js';
import { genesisId as computeGenesisId } from '../../types/genesis.js';
import { bytesToHex } from '../../util/bytes.js';
import { SystemClock } from '../../util/clock.js';
import { createLogger, stderrSink } from '../../util/logger.js';
import { type Command, UsageError, hexFlag, intFlag, parseFlags } from '../cli.js';
import { readNetworkFlag } from '../networkFlag.js';
import { defaultDataDir } from '../../node/defaultDataDir.js';

const USAGE = `smesher poet serve [--port N] [--host H] [--genesis-time T --epoch S --phase-shift S --cycle-gap S]
                   [--genesis-id HEX] [--checkpoint-leaves N] [--data-dir D] [--log-format json|pretty]
smesher poet serve --network FILE [--port N] [--host H] [--data-dir D] [--checkpoint-leaves N]

Runs a PoET: registrations on POST /v1/submit, proofs on GET /v1/proofs/{round}, facts on GET /v1/info.
  --port N          listen port (default 10010; 0 picks a free one)
  --host H          bind address (default 127.0.0.1)
  --genesis-time T  network genesis, RFC 3339 or unix seconds (default: the one saved in the data dir, else now)
  --epoch S         epoch length in seconds (default ${(devnet.layerDurationMs * devnet.layersPerEpoch) / 1000}, devnet)
  --phase-shift S   round 0 starts this long after genesis (default ${devnet.poet.phaseShiftMs / 1000})
  --cycle-gap S     gap between a round's end and the next round's start (default ${devnet.poet.cycleGapMs / 1000})
  --genesis-id HEX  only accept registrations signed for this network (prefix GenesisID || 0x04)
  --checkpoint-leaves N  leaves between crash-recovery checkpoints (default 1024)
  --data-dir D      state goes to D/poet (default: the per-user app data folder); with --network,
                    D/poet-<genesisId8>, so one folder can hold the PoETs of several networks
  --network FILE    take the schedule and the GenesisID from a network file (smesher network new); the port
                    defaults to the one of the file's first PoET server on this host
Seconds may have decimals (0.5). Prints "poet listening on URL" once it serves.`;

/** A duration flag in seconds (decimals allowed) as milliseconds. */
function secondsFlag(value: string | undefined, flag: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  if (!/^\d+(\.\d{1,3})?$/.test(value)) throw new UsageError(`--${flag} must be seconds like 30 or 1.5, got "${value}"`);
  return Math.round(Number(value) * 1000);
}

/** `--genesis-time`: RFC 3339 or unix seconds, as ms. */
function genesisFlag(value: string): number {
  const ms = /^\d+(\.\d{1,3})?$/.test(value) ? Math.round(Number(value) * 1000) : /^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isSafeInteger(ms)) throw new UsageError(`--genesis-time must be RFC 3339 or unix seconds, got "${value}"`);
  return ms;
}

/** The genesis time: the flag, else the one saved by an earlier start, else now (saved for the next start). */
async function resolveGenesis(dir: string, flag: string | undefined, now: number): Promise<number> {
  const path = join(dir, 'genesis.json');
  if (flag !== undefined) {
    const ms = genesisFlag(flag);
    await writeJsonAtomic(path, { genesisMs: ms });
    return ms;
  }
  try {
    const saved = JSON.parse(await readFile(path, 'utf8')) as { genesisMs?: unknown };
    if (typeof saved.genesisMs === 'number' && Number.isSafeInteger(saved.genesisMs)) return saved.genesisMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const ms = Math.floor(now / 1000) * 1000;
  await writeJsonAtomic(path, { genesisMs: ms });
  return ms;
}

async function serve(args: readonly string[], io: Parameters<Command['run']>[1]): Promise<number> {
  const { values } = parseFlags(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    'genesis-time': { type: 'string' },
    epoch: { type: 'string' },
    'phase-shift': { type: 'string' },
    'cycle-gap': { type: 'string' },
    'genesis-id': { type: 'string' },
    'checkpoint-leaves': { type: 'string' },
    'data-dir': { type: 'string' },
    'log-format': { type: 'string' },
    network: { type: 'string' },
  });
  if (values.network !== undefined) return serveNetwork(values.network, values, io);
  const format = values['log-format'] ?? 'pretty';
  if (format !== 'json' && format !== 'pretty') throw new UsageError('--log-format must be json or pretty');
  const port = intFlag(values.port, 'port', 0, 65_535, 10_010);
  const epochMs = secondsFlag(values.epoch, 'epoch', devnet.layerDurationMs * devnet.layersPerEpoch);
  const phaseShiftMs = secondsFlag(values['phase-shift'], 'phase-shift', devnet.poet.phaseShiftMs);
  const cycleGapMs = secondsFlag(values['cycle-gap'], 'cycle-gap', devnet.poet.cycleGapMs);
  const checkpointEveryLeaves = intFlag(values['checkpoint-leaves'], 'checkpoint-leaves', 1, 1 << 30, 1024);
  const genesisId = values['genesis-id'] === undefined ? undefined : hexFlag(values['genesis-id'], 'genesis-id', 20);
  // Every flag is checked before anything touches the data directory.
  if (epochMs <= 0) throw new UsageError('--epoch must be more than 0');
  if (cycleGapMs >= epochMs) throw new UsageError('--cycle-gap must be shorter than --epoch');
  const genesisTime = values['genesis-time'];
  if (genesisTime !== undefined) genesisFlag(genesisTime);
  const dataDir = join(values['data-dir'] ?? defaultDataDir(io.env), 'poet');
  await mkdir(dataDir, { recursive: true });

  const clock = new SystemClock();
  const schedule: RoundSchedule = validateSchedule({
    genesisMs: await resolveGenesis(dataDir, genesisTime, clock.now()),
    phaseShiftMs,
    epochMs,
    cycleGapMs,
  });
  const logger = createLogger({ sink: stderrSink, format: format });
  const poet = await startEmbeddedPoet({
    dataDir,
    schedule,
    clock,
    logger,
    port,
    checkpointEveryLeaves,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(genesisId === undefined ? {} : { genesisId }),
  });
  io.stdout(`poet listening on ${poet.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await poet.stop();
  return 0;
}

/** The port of the network's first PoET when it is on this host (the PoET a network file names is this one). */
function localPoetPort(servers: readonly string[]): number | undefined {
  const first = servers[0];
  if (first === undefined) return undefined;
  const url = new URL(first);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return undefined;
  return url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
}

/** `poet serve --network FILE`: schedule and GenesisID from the file, so they cannot disagree with the nodes'. */
async function serveNetwork(
  path: string,
  values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>,
  io: Parameters<Command['run']>[1],
): Promise<number> {
  for (const flag of ['genesis-time', 'epoch', 'phase-shift', 'cycle-gap', 'genesis-id']) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} comes from the network file; drop it or drop --network`);
  }
  const format = (values['log-format'] as string | undefined) ?? 'pretty';
  if (format !== 'json' && format !== 'pretty') throw new UsageError('--log-format must be json or pretty');
  const network = await readNetworkFlag(path);
  const { preset } = network;
  const port = intFlag(values.port as string | undefined, 'port', 0, 65_535, localPoetPort(preset.poet.servers) ?? 10_010);
  const checkpointEveryLeaves = intFlag(values['checkpoint-leaves'] as string | undefined, 'checkpoint-leaves', 1, 1 << 30, 1024);
  const genesisId = computeGenesisId({ genesisTimeMs: network.genesisTimeMs, extraData: preset.genesis.extraData });
  const root = (values['data-dir'] as string | undefined) ?? defaultDataDir(io.env);
  const dataDir = join(root, `poet-${bytesToHex(genesisId).slice(0, 8)}`);
  await mkdir(dataDir, { recursive: true });
  const logger = createLogger({ sink: stderrSink, format });
  const poet = await startEmbeddedPoet({
    dataDir,
    schedule: scheduleFromPreset(preset, network.genesisTimeMs),
    clock: new SystemClock(),
    logger,
    port,
    checkpointEveryLeaves,
    genesisId,
    ...(values.host === undefined ? {} : { host: values.host as string }),
  });
  io.stdout(`poet listening on ${poet.url} for network ${network.name} (genesis ${bytesToHex(genesisId)})`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await poet.stop();
  return 0;
}

export const poetCommand: Command = {
  name: 'poet',
  summary: 'run a PoET server for a devnet (poet serve)',
  usage: USAGE,
  run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'serve') throw new UsageError(sub === undefined ? 'missing subcommand: serve' : `unknown subcommand "${sub}" (use serve)`);
    return serve(rest, io);
  },
};
