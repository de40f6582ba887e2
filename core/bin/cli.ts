/**
 * The CLI's building blocks: the command contract, strict flag parsing with one-line errors, and typed flag
 * readers. Commands receive their I/O, so tests run them in-process and read what they printed.
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { hexToBytes } from '../util/bytes.js';
import { CodedError } from '../util/errors.js';

export interface CommandIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface Command {
  /** The word after `smesher` (`node`, `post`, `wallet`, ...). */
  readonly name: string;
  /** One line for `smesher --help`. */
  readonly summary: string;
  /** The full help text (`smesher <name> --help`). */
  readonly usage: string;
  /** Runs the command; resolves to the exit code. Throws {@link UsageError} for bad flags. */
  run(args: readonly string[], io: CommandIO): Promise<number>;
}

/** Bad command-line input: printed as one line with the command's name, exit code 2. */
export class UsageError extends CodedError<'USAGE'> {
  constructor(message: string) {
    super('USAGE', message);
  }
}

export type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses flags strictly: unknown flags, missing values and stray positionals are usage errors.
 * @throws {UsageError}
 */
export function parseFlags<O extends FlagOptions>(args: readonly string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
}

/**
 * Reads an integer flag in `[min, max]`.
 * @throws {UsageError} when missing (and required), not an integer, or out of range
 */
export function intFlag(value: string | undefined, flag: string, min: number, max: number, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`--${flag} is required`);
  }
  if (!/^\d+$/.test(value)) throw new UsageError(`--${flag} must be a whole number, got "${value}"`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${flag} must be in ${min}..${max}, got ${value}`);
  return n;
}

/**
 * Reads a hex flag of exactly `length` bytes.
 * @throws {UsageError}
 */
export function hexFlag(value: string | undefined, flag: string, length: number): Uint8Array {
  if (value === undefined) throw new UsageError(`--${flag} is required`);
  try {
    return hexToBytes(value.replace(/^0x/, ''), length, `--${flag}`);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * Reads a string flag that must be present.
 * @throws {UsageError}
 */
export function requiredFlag(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${flag} is required`);
  return value;
}
