/**
 * SCALE codec (go-scale compatible): the public surface.
 * @module
 */
export { type Codec, type Infer, decode, decodePrefix, encode } from './codec.js';
export { compact8, compact16, compact32, compact64, readLength, writeLength } from './compact.js';
export { bool, byteSlice, fixedBytes, option, string, struct, type StructOf, vec } from './composite.js';
export { ScaleError, type ScaleErrorCode } from './errors.js';
export { Reader } from './reader.js';
export { Writer } from './writer.js';
