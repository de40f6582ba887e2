/**
 * Where each label lives on disk (docs/protocol/post.md §1.3): `postdata_<i>.bin` files of `MaxFileSize / 16` labels,
 * only the last one shorter. Pure, except {@link listDataFiles} which reads the directory.
 * @module
 */
import { readdirSync } from 'node:fs';
import { LABEL_SIZE } from './labelInput.js';

const DATA_FILE_RE = /^postdata_(\d+)\.bin$/;

export interface Layout {
  readonly totalLabels: bigint;
  readonly labelsPerFile: bigint;
  readonly numFiles: number;
}

/** The layout of `numUnits · labelsPerUnit` labels in files of at most `maxFileSize` bytes. */
export function computeLayout(labelsPerUnit: bigint, numUnits: number, maxFileSize: bigint): Layout {
  const totalLabels = labelsPerUnit * BigInt(numUnits);
  const labelsPerFile = maxFileSize / BigInt(LABEL_SIZE);
  return { totalLabels, labelsPerFile, numFiles: Number((totalLabels + labelsPerFile - 1n) / labelsPerFile) };
}

export function dataFileName(index: number): string {
  return `postdata_${index}.bin`;
}

/** First label index and label count of file `index`. */
export function fileRange(layout: Layout, index: number): { readonly start: bigint; readonly count: bigint } {
  const start = BigInt(index) * layout.labelsPerFile;
  const end = start + layout.labelsPerFile < layout.totalLabels ? start + layout.labelsPerFile : layout.totalLabels;
  return { start, count: end > start ? end - start : 0n };
}

/**
 * Indices of the `postdata_<i>.bin` files present in `dir`, ascending (numeric, not lexicographic).
 * @throws {Error} the fs error when `dir` cannot be listed
 */
export function listDataFiles(dir: string): number[] {
  return readdirSync(dir)
    .map((name) => DATA_FILE_RE.exec(name)?.[1])
    .filter((m): m is string => m !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}
