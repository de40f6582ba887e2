/**
 * Opening an initialized PoS directory for reading: its metadata and every `postdata_<i>.bin` checked against the
 * layout the metadata implies, so a missing or truncated file is named before any work starts. I/O: reads `dir`.
 * @module
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { PostError } from './errors.js';
import { LABEL_SIZE } from './labelInput.js';
import { computeLayout, dataFileName, fileRange, type Layout } from './layout.js';
import { readMetadata, type PostMetadata } from './metadata.js';

export interface DataFile {
  readonly index: number;
  readonly path: string;
  readonly firstLabel: bigint;
  readonly labels: bigint;
}

export interface PosData {
  readonly dir: string;
  readonly metadata: PostMetadata;
  readonly layout: Layout;
  readonly files: readonly DataFile[];
}

/**
 * Loads the metadata and checks every data file's presence and size.
 * @throws {PostError} DATA_MISSING (no metadata, or a missing file), DATA_CORRUPT (a file of the wrong size),
 *   METADATA_INVALID
 */
export function openPosData(dir: string): PosData {
  const metadata = readMetadata(dir);
  if (metadata === undefined) throw new PostError('DATA_MISSING', `${dir} has no postdata_metadata.json`, { dir });
  const layout = computeLayout(metadata.labelsPerUnit, metadata.numUnits, metadata.maxFileSize);
  const files: DataFile[] = [];
  for (let i = 0; i < layout.numFiles; i++) {
    const path = join(dir, dataFileName(i));
    const range = fileRange(layout, i);
    const size = statSync(path, { throwIfNoEntry: false })?.size;
    if (size === undefined) throw new PostError('DATA_MISSING', `${path} is missing (initialization incomplete?)`, { file: dataFileName(i) });
    const expected = range.count * BigInt(LABEL_SIZE);
    if (BigInt(size) !== expected) throw new PostError('DATA_CORRUPT', `${path} is ${size} bytes, expected ${expected}`, { file: dataFileName(i), size });
    files.push({ index: i, path, firstLabel: range.start, labels: range.count });
  }
  return { dir, metadata, layout, files };
}
