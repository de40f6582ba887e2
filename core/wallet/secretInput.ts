/**
 * Reading a password (or a recovery phrase) for the command line: from a file, from an environment variable, or
 * from a hidden prompt on a terminal, in that order, and never from a plain flag, which would land in shell history
 * and process listings (docs/cli.md §2). I/O.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { WalletError } from './errors.js';

/** Asks for a secret without echoing it; resolves to what was typed. */
export type SecretPrompt = (label: string) => Promise<string>;

export interface SecretSource {
  /** A file whose first line is the secret (`--password-file`). */
  readonly file?: string | undefined;
  /** The environment and the variable to look at (`SMESHER_PASSWORD`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly envVar: string;
  /** The prompt, when a person is there to answer it. */
  readonly prompt?: SecretPrompt | undefined;
  /** What is asked for, for the prompt and for messages ("password", "new password"). */
  readonly label: string;
  /** Ask twice on a prompt and require the same answer (when choosing a new password). */
  readonly confirm?: boolean;
  /** How to tell the user which flag or variable supplies it. */
  readonly flagName: string;
  /** Use the whole file (a recovery phrase may span lines) rather than its first line (a password). */
  readonly wholeFile?: boolean;
}

/**
 * Reads a secret from the first source that has one.
 * @throws {WalletError} INVALID_PASSWORD when no source has it, the file cannot be read, the answer is empty, or the
 * two prompted answers differ
 */
export async function readSecret(source: SecretSource): Promise<string> {
  if (source.file !== undefined) {
    let text: string;
    try {
      text = await readFile(source.file, 'utf8');
    } catch (err) {
      throw new WalletError('INVALID_PASSWORD', `cannot read the ${source.label} file ${source.file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    return nonEmpty(source.wholeFile === true ? text.trim() : (text.split(/\r?\n/)[0] ?? ''), source.label);
  }
  const fromEnv = source.env[source.envVar];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (source.prompt === undefined) {
    throw new WalletError('INVALID_PASSWORD', `no ${source.label}: use ${source.flagName} FILE or set ${source.envVar}, or run in a terminal`);
  }
  const first = nonEmpty(await source.prompt(`${capitalize(source.label)}: `), source.label);
  if (source.confirm === true && (await source.prompt(`Repeat the ${source.label}: `)) !== first) {
    throw new WalletError('INVALID_PASSWORD', `the two ${source.label}s differ`);
  }
  return first;
}

/**
 * A hidden-input prompt on the process's terminal, or undefined when stdin is not a terminal (scripts, tests).
 * Echo is off while typing; Ctrl-C cancels.
 */
export function terminalPrompt(): SecretPrompt | undefined {
  const { stdin, stderr } = process;
  if (!stdin.isTTY) return undefined;
  return (label) =>
    new Promise((resolve, reject) => {
      stderr.write(label);
      let answer = '';
      stdin.setRawMode(true);
      stdin.resume();
      stdin.setEncoding('utf8');
      const done = (err?: Error): void => {
        stdin.setRawMode(false);
        stdin.pause();
        stdin.off('data', onData);
        stderr.write('\n');
        if (err === undefined) resolve(answer);
        else reject(err);
      };
      const onData = (chunk: string): void => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') return done();
          if (ch === '\u0003') return done(new WalletError('INVALID_PASSWORD', 'cancelled'));
          if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
          else answer += ch;
        }
      };
      stdin.on('data', onData);
    });
}

function nonEmpty(value: string, label: string): string {
  if (value === '') throw new WalletError('INVALID_PASSWORD', `the ${label} is empty`);
  return value;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
