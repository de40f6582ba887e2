/**
 * A new network's file text from a few choices (what `smesher network new` and the API's `network.create` write):
 * the preset's PoET servers unless others are given, and genesis extra data made unique with a random suffix, so two
 * networks created in the same second are still two networks. Pure: time and randomness come in as arguments.
 * @module
 */
import { bytesToHex } from '../util/bytes.js';
import { formatNetworkFile } from './networkFile.js';
import { getPreset } from './presets.js';

/** Default time from creating the file to genesis: enough to hand it out and start the PoET and the nodes. */
export const DEFAULT_GENESIS_DELAY_S = 60;

export interface NewNetworkChoices {
  readonly name: string;
  readonly preset: 'devnet' | 'testnet';
  /** Genesis time in ms, rounded up here to a whole second (never into the past by rounding). */
  readonly genesisTimeMs: number;
  /** Random bytes that make this network's extra data unique (4 are plenty). */
  readonly suffix: Uint8Array;
  readonly poetServers?: readonly string[];
  readonly bootnodes?: readonly string[];
  readonly mdns?: boolean;
  readonly overrides?: Readonly<Record<string, unknown>>;
}

/**
 * The network file's text.
 * @throws {NetworkFileError} when a choice makes an invalid file (a bad bootnode, PoET URL or override)
 */
export function newNetworkFile(c: NewNetworkChoices): string {
  const preset = getPreset(c.preset);
  return formatNetworkFile({
    name: c.name,
    preset: c.preset,
    genesisTimeMs: Math.ceil(c.genesisTimeMs / 1000) * 1000,
    extraData: `${preset.genesis.extraData}-${bytesToHex(c.suffix)}`,
    poetServers: c.poetServers ?? preset.poet.servers,
    bootnodes: c.bootnodes ?? [],
    mdns: c.mdns ?? false,
    overrides: c.overrides ?? {},
  });
}
