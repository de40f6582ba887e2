/**
 * Structured logging: `logger.child({module})`, a short message and a context object, written as JSON lines
 * (`--log-format json`) or as one readable line per record.
 *
 * Secrets never reach a sink: context keys that name a secret are replaced before formatting, and bytes longer than
 * an id are summarised rather than dumped. Writing goes through an injected {@link LogSink}; the default sink
 * (stderr) is chosen only at entry points.
 * @module
 */
import { bytesToHex } from './bytes.js';
import { CodedError } from './errors.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'pretty';
export type LogContext = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, context?: LogContext): void;
  info(msg: string, context?: LogContext): void;
  warn(msg: string, context?: LogContext): void;
  error(msg: string, context?: LogContext): void;
  /** A logger whose records also carry `bindings` (typically `{module: 'poet'}`). */
  child(bindings: LogContext): Logger;
}

/** Where formatted lines go. One call per record, without a trailing newline. */
export interface LogSink {
  write(line: string, level: LogLevel): void;
}

export interface LoggerOptions {
  readonly level?: LogLevel;
  readonly format?: LogFormat;
  readonly sink: LogSink;
  /** Wall-clock source, injectable so tests get stable timestamps. */
  readonly now?: () => number;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Whether `value` names a level (a flag or a setting read as text). */
export function isLogLevel(value: string): value is LogLevel {
  return Object.hasOwn(LEVEL_RANK, value);
}

/** Context keys whose values are never written, whatever their type. */
const SECRET_KEY_RE = /password|passphrase|mnemonic|secret|private|seed|token|cipher/i;

/** Byte strings up to this length (ids, keys, hashes) are written as hex; longer ones as a length only. */
const MAX_HEX_BYTES = 64;

export function createLogger(options: LoggerOptions, bindings: LogContext = {}): Logger {
  const threshold = LEVEL_RANK[options.level ?? 'info'];
  const format = options.format ?? 'pretty';
  const now = options.now ?? Date.now;

  const emit = (level: LogLevel, msg: string, context: LogContext | undefined): void => {
    if (LEVEL_RANK[level] < threshold) return;
    const fields = sanitize({ ...bindings, ...context });
    const time = new Date(now()).toISOString();
    options.sink.write(format === 'json' ? formatJson(time, level, msg, fields) : formatPretty(time, level, msg, fields), level);
  };

  return {
    debug: (msg, context) => emit('debug', msg, context),
    info: (msg, context) => emit('info', msg, context),
    warn: (msg, context) => emit('warn', msg, context),
    error: (msg, context) => emit('error', msg, context),
    child: (more) => createLogger(options, { ...bindings, ...more }),
  };
}

/** A logger that drops everything: the default for library code and tests that do not look at logs. */
export const nullLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => nullLogger,
};

/** A sink that writes each record as a line to stderr (stdout stays free for command output). */
export const stderrSink: LogSink = { write: (line) => process.stderr.write(`${line}\n`) };

/** A sink that hands each line to every one of `sinks`, in order (the console and a file, say). */
export function teeSink(...sinks: readonly LogSink[]): LogSink {
  return { write: (line, level) => sinks.forEach((sink) => sink.write(line, level)) };
}

function formatJson(time: string, level: LogLevel, msg: string, fields: Record<string, unknown>): string {
  const { module, ...rest } = fields;
  return JSON.stringify({ time, level, module: typeof module === 'string' ? module : 'smesher', msg, ...rest });
}

function formatPretty(time: string, level: LogLevel, msg: string, fields: Record<string, unknown>): string {
  const { module, ...rest } = fields;
  const name = typeof module === 'string' ? module : 'smesher';
  const context = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${time} ${level.toUpperCase().padEnd(5)} [${name}] ${msg}${context ? ` ${context}` : ''}`;
}

function sanitize(fields: LogContext, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    out[key] = SECRET_KEY_RE.test(key) ? '[redacted]' : toJsonSafe(value, depth);
  }
  return out;
}

function toJsonSafe(value: unknown, depth: number): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return value.length <= MAX_HEX_BYTES ? bytesToHex(value) : `<${value.length} bytes>`;
  if (value instanceof CodedError) return { code: (value as CodedError).code, message: value.message };
  if (value instanceof Error) return { message: value.message };
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 4) return '[nested]';
  if (Array.isArray(value)) return value.map((v) => toJsonSafe(v, depth + 1));
  return sanitize(value as LogContext, depth + 1);
}
