/**
 * How PoS data is split into files: `units · labelsPerUnit` labels of 16 bytes, at most `maxFileSize / 16` labels
 * per `postdata_N.bin` (the node's core/post/layout.ts computes the same; the renderer may not import it). Pure.
 * @module
 */

const LABEL_BYTES = 16;

/** The number of data files `units` units make with files of at most `maxFileSizeBytes`; 0 for no data. */
export function postFileCount(labelsPerUnit: number, units: number, maxFileSizeBytes: number): number {
  const labelsPerFile = Math.floor(maxFileSizeBytes / LABEL_BYTES);
  if (labelsPerFile <= 0 || units <= 0) return 0;
  return Math.ceil((labelsPerUnit * units) / labelsPerFile);
}
