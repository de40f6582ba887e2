/**
 * A cursor over input bytes that knows which field it is decoding, so every error names its field. Pure.
 * @module
 */
import { ScaleError, type ScaleErrorCode } from './errors.js';

export class Reader {
  private readonly input: Uint8Array;
  private offset = 0;
  private readonly path: string[];

  constructor(input: Uint8Array, rootName: string) {
    this.input = input;
    this.path = [rootName];
  }

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.input.length - this.offset;
  }

  /** The next `length` bytes, as a view into the input (copy it if you keep it past the input's life). */
  take(length: number): Uint8Array {
    if (length > this.remaining) {
      this.fail('UNEXPECTED_END', `needs ${length} bytes, ${this.remaining} left`);
    }
    const out = this.input.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  byte(): number {
    if (this.remaining < 1) this.fail('UNEXPECTED_END', 'needs 1 byte, 0 left');
    return this.input[this.offset++]!;
  }

  /** Decodes a nested value under the path segment `name` (a field name, or `[i]` for a vector item). */
  within<T>(name: string, read: () => T): T {
    this.path.push(name);
    const value = read();
    this.path.pop();
    return value;
  }

  /** Throws a {@link ScaleError} for the current field at the current offset. */
  fail(code: ScaleErrorCode, detail: string, offset = this.offset): never {
    throw new ScaleError(code, this.fieldPath(), offset, detail);
  }

  private fieldPath(): string {
    return this.path.reduce((acc, part) => (part.startsWith('[') ? acc + part : `${acc}.${part}`));
  }
}
