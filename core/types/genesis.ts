/**
 * Network identity from the genesis config (docs/protocol/time.md §2; go-spacemesh `config/genesis.go`):
 * `GoldenATX = blake3(decimal(unix seconds of genesis) || extraData)`, `GenesisID = GoldenATX[0:20]`.
 * The golden ATX id stands in for the positioning and commitment ATX before any real ATX exists; the GenesisID
 * prefixes every signature, so nodes with different genesis configs cannot accept each other's messages. Pure.
 * @module
 */
import { blake3 } from '../crypto/hash.js';
import { utf8 } from '../util/bytes.js';

export const GENESIS_ID_LENGTH = 20;
export const MAX_EXTRA_DATA_LENGTH = 255;

export interface GenesisConfig {
  /** Genesis time in milliseconds since the Unix epoch; only whole seconds enter the hash. */
  readonly genesisTimeMs: number;
  /** Free text (at most 255 characters) that tells networks with the same genesis time apart. */
  readonly extraData: string;
}

/**
 * The golden ATX id (32 bytes).
 * @throws {RangeError} for an empty or over-long extraData or a genesis time that is not a whole second
 */
export function goldenAtxId(config: GenesisConfig): Uint8Array {
  const { genesisTimeMs, extraData } = config;
  if (!Number.isSafeInteger(genesisTimeMs) || genesisTimeMs % 1000 !== 0) {
    throw new RangeError('genesis time must be a whole number of seconds');
  }
  if (extraData.length === 0 || extraData.length > MAX_EXTRA_DATA_LENGTH) {
    throw new RangeError(`genesis extra data must be 1..${MAX_EXTRA_DATA_LENGTH} characters`);
  }
  return blake3(utf8(`${genesisTimeMs / 1000}${extraData}`));
}

/** The GenesisID (20 bytes): the signing prefix and network id. */
export function genesisId(config: GenesisConfig): Uint8Array {
  return goldenAtxId(config).subarray(0, GENESIS_ID_LENGTH);
}
