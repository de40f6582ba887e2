/**
 * The network file: one JSON document, human-editable, that defines a network of many nodes — the preset it
 * starts from, the genesis time and extra data (and so the GenesisID every node computes), the PoET servers, the
 * bootnodes, whether mDNS may find peers on a LAN, and any preset value it overrides (tests run shorter layers
 * this way). Every node started from the same file is on the same network; a file that differs in any genesis
 * field is another network. Parsing is strict: an unknown key, a wrong type or an impossible value is an error
 * that names the field, so a typo never silently starts a different network. Pure.
 * @module
 */
import { MAX_EXTRA_DATA_LENGTH } from '../types/genesis.js';
import { CodedError } from '../util/errors.js';
import { getPreset, isPresetName } from './presets.js';
import type { Preset } from './types.js';

/** The `format` field of every network file this version reads and writes. */
export const NETWORK_FILE_FORMAT = 'smesher-network/1';

export class NetworkFileError extends CodedError<'BAD_NETWORK_FILE'> {
  constructor(message: string) {
    super('BAD_NETWORK_FILE', message);
  }
}

/** The JSON document as written to disk. */
export interface NetworkFileJson {
  readonly format: typeof NETWORK_FILE_FORMAT;
  /** A name for people: shown by the UI and in logs. */
  readonly name: string;
  readonly preset: string;
  /** RFC 3339 UTC, whole seconds. */
  readonly genesisTime: string;
  readonly genesisExtraData: string;
  readonly poetServers: readonly string[];
  /** Full multiaddrs with `/p2p/<peer id>`. */
  readonly bootnodes: readonly string[];
  /** Find peers on the local network by multicast DNS. */
  readonly mdns: boolean;
  /** Preset values this network changes, in the preset's own shape (`{"layerDurationMs": 5000, "poet": {...}}`). */
  readonly overrides: Readonly<Record<string, unknown>>;
}

/** What a node runs from a network file. */
export interface NetworkDefinition {
  readonly name: string;
  /** The preset with the file's genesis, PoET servers, bootnodes, mDNS choice and overrides applied. */
  readonly preset: Preset;
  readonly genesisTimeMs: number;
  readonly file: NetworkFileJson;
}

const FILE_KEYS = ['format', 'name', 'preset', 'genesisTime', 'genesisExtraData', 'poetServers', 'bootnodes', 'mdns', 'overrides'] as const;
/** Fields the file sets through its own keys, so an override of them would be two answers to one question. */
const NOT_OVERRIDABLE = new Set(['name', 'hrp', 'genesis']);
const RFC3339_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const TCP_ADDR = /^\/(ip4|ip6|dns4|dns6|dns)\/[^/\s]+\/tcp\/\d{1,5}$/;
const PEER_SUFFIX = /\/p2p\/[1-9A-HJ-NP-Za-km-z]{40,60}$/;

/** A TCP listen multiaddr (`/ip4/127.0.0.1/tcp/7513`), without a peer id. */
export function isListenAddress(addr: string): boolean {
  return TCP_ADDR.test(addr);
}

/** A bootnode: a TCP multiaddr ending in `/p2p/<peer id>`. */
export function isBootnodeAddress(addr: string): boolean {
  const suffix = PEER_SUFFIX.exec(addr);
  return suffix !== null && TCP_ADDR.test(addr.slice(0, suffix.index));
}

/**
 * Parses and checks a network file's text.
 * @throws {NetworkFileError} naming the first field that is missing, unknown, of the wrong type or out of range
 */
export function parseNetworkFile(text: string): NetworkDefinition {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new NetworkFileError(`not JSON: ${(err as Error).message}`);
  }
  if (!isRecord(raw)) throw new NetworkFileError('expected a JSON object');
  for (const key of Object.keys(raw)) {
    if (!(FILE_KEYS as readonly string[]).includes(key)) throw new NetworkFileError(`unknown field "${key}"`);
  }
  if (raw.format !== NETWORK_FILE_FORMAT) throw new NetworkFileError(`"format" must be "${NETWORK_FILE_FORMAT}"`);
  const name = stringField(raw, 'name');
  if (name.length === 0 || name.length > 64) throw new NetworkFileError('"name" must be 1..64 characters');
  const presetName = stringField(raw, 'preset');
  if (!isPresetName(presetName) || presetName === 'standalone') {
    throw new NetworkFileError(`"preset" must be devnet or testnet (standalone needs no network file), got "${presetName}"`);
  }
  const genesisTime = stringField(raw, 'genesisTime');
  const genesisTimeMs = Date.parse(genesisTime);
  if (!RFC3339_SECONDS.test(genesisTime) || !Number.isSafeInteger(genesisTimeMs)) {
    throw new NetworkFileError(`"genesisTime" must be RFC 3339 UTC in whole seconds (2026-12-07T12:00:00Z), got "${genesisTime}"`);
  }
  const extraData = stringField(raw, 'genesisExtraData');
  if (extraData.length === 0 || extraData.length > MAX_EXTRA_DATA_LENGTH) {
    throw new NetworkFileError(`"genesisExtraData" must be 1..${MAX_EXTRA_DATA_LENGTH} characters`);
  }
  const poetServers = stringList(raw, 'poetServers');
  for (const url of poetServers) checkHttpUrl(url);
  const bootnodes = stringList(raw, 'bootnodes');
  for (const addr of bootnodes) {
    if (!isBootnodeAddress(addr)) throw new NetworkFileError(`bootnode "${addr}" is not a multiaddr like /ip4/192.0.2.1/tcp/7513/p2p/12D3Koo…`);
  }
  if (typeof raw.mdns !== 'boolean') throw new NetworkFileError('"mdns" must be true or false');
  const overrides = raw.overrides ?? {};
  if (!isRecord(overrides)) throw new NetworkFileError('"overrides" must be an object');

  const base = getPreset(presetName);
  for (const key of Object.keys(overrides)) {
    if (NOT_OVERRIDABLE.has(key)) throw new NetworkFileError(`"overrides.${key}" cannot be overridden: the file's own fields set it`);
  }
  const merged = mergeChecked(base, overrides, 'overrides') as Preset;
  const preset: Preset = {
    ...merged,
    genesis: { time: genesisTime, extraData },
    poet: { ...merged.poet, embedded: false, servers: poetServers },
    p2p: { ...merged.p2p, enabled: true, bootnodes, mdns: raw.mdns },
  };
  checkPresetSanity(preset);
  const file: NetworkFileJson = {
    format: NETWORK_FILE_FORMAT,
    name,
    preset: presetName,
    genesisTime,
    genesisExtraData: extraData,
    poetServers,
    bootnodes,
    mdns: raw.mdns,
    overrides,
  };
  return { name, preset, genesisTimeMs, file };
}

export interface NewNetworkOptions {
  readonly name: string;
  readonly preset: string;
  readonly genesisTimeMs: number;
  /** Tells this network apart from every other one started at the same second (e.g. random hex). */
  readonly extraData: string;
  readonly poetServers: readonly string[];
  readonly bootnodes: readonly string[];
  readonly mdns?: boolean;
  readonly overrides?: Readonly<Record<string, unknown>>;
}

/**
 * The text of a new network file (checked by parsing it back, so what is written always loads).
 * @throws {NetworkFileError} as {@link parseNetworkFile}
 */
export function formatNetworkFile(o: NewNetworkOptions): string {
  if (!Number.isSafeInteger(o.genesisTimeMs) || o.genesisTimeMs % 1000 !== 0) {
    throw new NetworkFileError('genesis time must be a whole number of seconds');
  }
  const json: NetworkFileJson = {
    format: NETWORK_FILE_FORMAT,
    name: o.name,
    preset: o.preset,
    genesisTime: new Date(o.genesisTimeMs).toISOString().replace('.000Z', 'Z'),
    genesisExtraData: o.extraData,
    poetServers: [...o.poetServers],
    bootnodes: [...o.bootnodes],
    mdns: o.mdns ?? false,
    overrides: o.overrides ?? {},
  };
  const text = `${JSON.stringify(json, null, 2)}\n`;
  parseNetworkFile(text);
  return text;
}

/**
 * `base` with `patch` applied, refusing keys the base does not have and values of another type: an override can
 * only change a value the preset already defines, never invent one.
 */
function mergeChecked(base: unknown, patch: unknown, path: string): unknown {
  if (isRecord(base)) {
    if (!isRecord(patch)) throw new NetworkFileError(`"${path}" must be an object`);
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (!Object.hasOwn(base, key)) throw new NetworkFileError(`"${path}.${key}" is not a preset field`);
      out[key] = mergeChecked(base[key], value, `${path}.${key}`);
    }
    return out;
  }
  if (Array.isArray(base)) {
    if (!Array.isArray(patch) || !patch.every((v) => typeof v === 'string')) throw new NetworkFileError(`"${path}" must be a list of strings`);
    return [...(patch)];
  }
  if (typeof base === 'number') {
    if (typeof patch !== 'number' || !Number.isSafeInteger(patch) || patch < 0) throw new NetworkFileError(`"${path}" must be a non-negative integer`);
    return patch;
  }
  if (typeof patch !== typeof base) throw new NetworkFileError(`"${path}" must be a ${typeof base}`);
  return patch;
}

/** Values no network can run with, whatever the file says. */
function checkPresetSanity(p: Preset): void {
  const positive: Array<[string, number]> = [
    ['layerDurationMs', p.layerDurationMs],
    ['layersPerEpoch', p.layersPerEpoch],
    ['layerAvgSize', p.layerAvgSize],
    ['post.scryptN', p.post.scryptN],
    ['post.labelsPerUnit', p.post.labelsPerUnit],
    ['post.minUnits', p.post.minUnits],
    ['post.k1', p.post.k1],
    ['post.k2', p.post.k2],
    ['post.k3', p.post.k3],
    ['poet.tickSize', p.poet.tickSize],
    ['hare.committee', p.hare.committee],
    ['hare.roundDurationMs', p.hare.roundDurationMs],
    ['hare.certifyCommittee', p.hare.certifyCommittee],
  ];
  for (const [field, value] of positive) {
    if (value <= 0) throw new NetworkFileError(`"overrides.${field}" must be positive`);
  }
  if (p.layerDurationMs % 1000 !== 0) throw new NetworkFileError('"overrides.layerDurationMs" must be whole seconds');
  if (p.post.maxUnits < p.post.minUnits) throw new NetworkFileError('"overrides.post.maxUnits" is below post.minUnits');
  if (p.post.scryptN & (p.post.scryptN - 1)) throw new NetworkFileError('"overrides.post.scryptN" must be a power of two');
  if (p.post.provingNonces % 16 !== 0) throw new NetworkFileError('"overrides.post.provingNonces" must be a multiple of 16');
  if (!/^[0-9a-f]{64}$/.test(p.post.powDifficultyHex)) throw new NetworkFileError('"overrides.post.powDifficultyHex" must be 64 hex digits');
  if (p.beacon.mode !== 'genesis' && p.beacon.mode !== 'protocol') throw new NetworkFileError('"overrides.beacon.mode" must be genesis or protocol');
}

function checkHttpUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NetworkFileError(`PoET server "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new NetworkFileError(`PoET server "${url}" must be http or https`);
}

function stringField(raw: Record<string, unknown>, key: string): string {
  const value = raw[key];
  if (typeof value !== 'string') throw new NetworkFileError(`"${key}" must be a string`);
  return value;
}

function stringList(raw: Record<string, unknown>, key: string): string[] {
  const value = raw[key];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new NetworkFileError(`"${key}" must be a list of strings`);
  return [...(value)];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
