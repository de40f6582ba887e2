/**
 * `smesher network new`: writes a network file (core/params/networkFile.ts) that every node and the shared PoET
 * of a devnet or testnet start from. The genesis extra data gets a random suffix, so two networks created in the
 * same second are still two networks. Entry point (I/O).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_GENESIS_DELAY_S, newNetworkFile } from '../../params/newNetwork.js';
import { isPresetName } from '../../params/presets.js';
import { writeFileAtomic } from '../../util/atomicFile.js';
import { errorMessage } from '../../util/errors.js';
import { type Command, type CommandIO, UsageError, parseFlags, requiredFlag } from '../cli.js';

const USAGE = `smesher network new --preset devnet|testnet [--name N] [--genesis-time T] [--poet URL]...
                    [--bootnode MULTIADDR]... [--mdns] [--set FIELD=VALUE]... [--out FILE]

Writes a network file (JSON, human-editable): every node started with --network FILE, and the PoET started
with poet serve --network FILE, is on the same network (the same GenesisID).
  --preset P        devnet or testnet: the preset the network starts from
  --name N          a name for people (default: the preset's name)
  --genesis-time T  RFC 3339 (2026-12-07T12:00:00Z), unix seconds, or +S for S seconds from now
                    (default +${DEFAULT_GENESIS_DELAY_S}); rounded up to a whole second
  --poet URL        a PoET server (repeatable; default: the preset's)
  --bootnode ADDR   a full multiaddr with /p2p/<peer id> (repeatable; a node prints its own as p2p_listening)
  --mdns            let nodes find each other by multicast DNS on a LAN (off by default)
  --set FIELD=VALUE change a preset value for this network (repeatable), e.g. layerDurationMs=5000,
                    poet.phaseShiftMs=10000, beacon.mode=genesis; numbers and true/false are typed
  --out FILE        write to FILE (default: print it)`;

/** `--genesis-time` as ms, whole seconds (rounded up so it never lands in the past by rounding). */
function genesisTimeMs(value: string | undefined, nowMs: number): number {
  const v = value ?? `+${DEFAULT_GENESIS_DELAY_S}`;
  let ms: number;
  if (/^\+\d{1,7}$/.test(v)) ms = nowMs + Number(v.slice(1)) * 1000;
  else if (/^\d{9,12}$/.test(v)) ms = Number(v) * 1000;
  else if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(v)) ms = Date.parse(v);
  else ms = NaN;
  if (!Number.isSafeInteger(ms)) throw new UsageError(`--genesis-time must be RFC 3339, unix seconds or +SECONDS, got "${v}"`);
  return Math.ceil(ms / 1000) * 1000;
}

/** `--set a.b=c` entries folded into one overrides object. */
export function parseSets(entries: readonly string[]): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  for (const entry of entries) {
    const m = /^([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)=(.*)$/.exec(entry);
    if (m === null) throw new UsageError(`--set must be FIELD=VALUE like layerDurationMs=5000, got "${entry}"`);
    const path = m[1]!.split('.');
    const raw = m[2]!;
    const value: unknown = /^\d+$/.test(raw) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
    let node = overrides;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (next !== undefined && (typeof next !== 'object' || next === null)) throw new UsageError(`--set ${entry}: ${key} is set to a value already`);
      node = (next ?? (node[key] = {})) as Record<string, unknown>;
    }
    node[path.at(-1)!] = value;
  }
  return overrides;
}

async function create(args: readonly string[], io: CommandIO): Promise<number> {
  const { values } = parseFlags(args, {
    preset: { type: 'string' },
    name: { type: 'string' },
    'genesis-time': { type: 'string' },
    poet: { type: 'string', multiple: true },
    bootnode: { type: 'string', multiple: true },
    mdns: { type: 'boolean' },
    set: { type: 'string', multiple: true },
    out: { type: 'string' },
  });
  const presetName = requiredFlag(values.preset, 'preset');
  if (!isPresetName(presetName) || presetName === 'standalone') throw new UsageError(`--preset must be devnet or testnet, got "${presetName}"`);
  let text: string;
  try {
    text = newNetworkFile({
      name: values.name ?? presetName,
      preset: presetName,
      genesisTimeMs: genesisTimeMs(values['genesis-time'], Date.now()),
      suffix: randomBytes(4),
      ...(values.poet === undefined ? {} : { poetServers: values.poet }),
      bootnodes: values.bootnode ?? [],
      mdns: values.mdns === true,
      overrides: parseSets(values.set ?? []),
    });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(errorMessage(err));
  }
  if (values.out === undefined) io.stdout(text.trimEnd());
  else {
    await writeFileAtomic(values.out, text, { mode: 0o644 });
    io.stdout(`network file written to ${values.out}`);
  }
  return 0;
}

export const networkCommand: Command = {
  name: 'network',
  summary: 'create a network file for a devnet or testnet (network new)',
  usage: USAGE,
  run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'new') throw new UsageError(sub === undefined ? 'missing subcommand: new' : `unknown subcommand "${sub}" (use new)`);
    return create(rest, io);
  },
};
