/**
 * `postdata_metadata.json` exactly as postcli writes it (post `shared/post_metadata.go`, post-rs `src/metadata.rs`):
 * PascalCase keys in Go's struct order, ids as standard base64, integers as JSON numbers, `Nonce`, `NonceValue`
 * (hex of the 16 stored bytes) and `LastPosition` only when set; tab indentation and a trailing newline
 * (Go's `json.Encoder` with `SetIndent("", "\t")`). Encoding and decoding are pure; {@link readMetadata} and
 * {@link writeMetadata} do the file I/O (atomic, through core/util/atomicFile.ts: temp file, fsync, rename, directory
 * fsync, as Go's `atomic.ReplaceFile`).
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PostError } from './errors.js';
import { writeFileAtomicSync } from '../util/atomicFile.js';
import { bytesToHex, hexToBytes } from '../util/bytes.js';

export const METADATA_FILE_NAME = 'postdata_metadata.json';
const U64_MAX = (1n << 64n) - 1n;

export interface PostMetadata {
  readonly nodeId: Uint8Array;
  readonly commitmentAtxId: Uint8Array;
  readonly labelsPerUnit: bigint;
  readonly numUnits: number;
  readonly maxFileSize: bigint;
  readonly nonce?: bigint;
  /** The 16 stored bytes of the label at `nonce` (Go writes it; post-rs ignores it). */
  readonly nonceValue?: Uint8Array;
  readonly lastPosition?: bigint;
}

/** Go-identical JSON text of `m`. Pure. */
export function encodeMetadata(m: PostMetadata): string {
  const lines: string[] = [
    `\t"NodeId": "${Buffer.from(m.nodeId).toString('base64')}"`,
    `\t"CommitmentAtxId": "${Buffer.from(m.commitmentAtxId).toString('base64')}"`,
    `\t"LabelsPerUnit": ${m.labelsPerUnit}`,
    `\t"NumUnits": ${m.numUnits}`,
    `\t"MaxFileSize": ${m.maxFileSize}`,
  ];
  if (m.nonce !== undefined) lines.push(`\t"Nonce": ${m.nonce}`);
  if (m.nonceValue !== undefined && m.nonceValue.length > 0) lines.push(`\t"NonceValue": "${bytesToHex(m.nonceValue)}"`);
  if (m.lastPosition !== undefined) lines.push(`\t"LastPosition": ${m.lastPosition}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

/**
 * Parses metadata text. Integers are read from the raw text so u64 values above 2^53 keep every digit.
 * @throws {PostError} METADATA_INVALID naming the bad key
 */
export function decodeMetadata(text: string): PostMetadata {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (err) {
    throw new PostError('METADATA_INVALID', `${METADATA_FILE_NAME} is not JSON`, {}, { cause: err });
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new PostError('METADATA_INVALID', `${METADATA_FILE_NAME} is not an object`);
  const record = obj as Record<string, unknown>;
  const id = (key: string): Uint8Array => {
    const value = record[key];
    const bytes = typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value) ? Buffer.from(value, 'base64') : undefined;
    if (bytes?.length !== 32) throw new PostError('METADATA_INVALID', `${METADATA_FILE_NAME}: ${key} must be 32 bytes of base64`, { key });
    return new Uint8Array(bytes);
  };
  const int = (key: string, max: bigint, optional: boolean): bigint | undefined => {
    if (record[key] === undefined || record[key] === null) {
      if (optional) return undefined;
      throw new PostError('METADATA_INVALID', `${METADATA_FILE_NAME}: ${key} is missing`, { key });
    }
    const raw = new RegExp(`"${key}"\\s*:\\s*(\\d+)\\s*[,}]`).exec(text)?.[1];
    if (raw === undefined || BigInt(raw) > max) throw new PostError('METADATA_INVALID', `${METADATA_FILE_NAME}: ${key} must be an unsigned integer`, { key });
    return BigInt(raw);
  };
  const nonceValueRaw = record.NonceValue;
  let nonceValue: Uint8Array | undefined;
  if (nonceValueRaw !== undefined && nonceValueRaw !== null && nonceValueRaw !== '') {
    try {
      nonceValue = hexToBytes(nonceValueRaw, undefined, 'NonceValue');
    } catch (err) {
      throw new PostError('METADATA_INVALID', `${METADATA_FILE_NAME}: NonceValue must be hex`, { key: 'NonceValue' }, { cause: err });
    }
  }
  const numUnits = int('NumUnits', 0xffff_ffffn, false)!;
  const maxFileSize = int('MaxFileSize', U64_MAX, false)!;
  const labelsPerUnit = int('LabelsPerUnit', U64_MAX, false)!;
  if (maxFileSize < 16n || maxFileSize % 16n !== 0n) throw new PostError('METADATA_INVALID', `${METADATA_FILE_NAME}: MaxFileSize must be a positive multiple of 16`, { key: 'MaxFileSize' });
  const nonce = int('Nonce', U64_MAX, true);
  const lastPosition = int('LastPosition', U64_MAX, true);
  return {
    nodeId: id('NodeId'),
    commitmentAtxId: id('CommitmentAtxId'),
    labelsPerUnit,
    numUnits: Number(numUnits),
    maxFileSize,
    ...(nonce === undefined ? {} : { nonce }),
    ...(nonceValue === undefined ? {} : { nonceValue }),
    ...(lastPosition === undefined ? {} : { lastPosition }),
  };
}

/**
 * Reads `<dir>/postdata_metadata.json`; undefined when the file does not exist.
 * @throws {PostError} METADATA_INVALID when it exists but cannot be read or parsed
 */
export function readMetadata(dir: string): PostMetadata | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, METADATA_FILE_NAME), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PostError('METADATA_INVALID', `cannot read ${join(dir, METADATA_FILE_NAME)}: ${(err as Error).message}`, {}, { cause: err });
  }
  return decodeMetadata(text);
}

/**
 * Writes the metadata atomically: a reader sees the old file or the new one, never half of either.
 * @throws {PostError} DIR_UNWRITABLE when the directory cannot be written
 */
export function writeMetadata(dir: string, m: PostMetadata): void {
  const path = join(dir, METADATA_FILE_NAME);
  try {
    writeFileAtomicSync(path, encodeMetadata(m));
  } catch (err) {
    throw new PostError('DIR_UNWRITABLE', `cannot write ${path}: ${(err as Error).message}`, { dir }, { cause: err });
  }
}
