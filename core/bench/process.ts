/**
 * `smesher` child processes for the footprint benchmarks: a long-running subcommand spawned with JSON logs, its
 * log lines followed and waited for, its `api <url>` line read, and a stop that waits for the exit; one-shot
 * subcommands run to their exit; a free 127.0.0.1 port for a server a network file must name before it starts.
 * I/O: processes, sockets.
 * @module
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const SMESHER = join(import.meta.dirname, '..', 'bin', 'smesher.js');

/** One JSON log line of a child (`--log-format json`). */
export interface ChildLogLine {
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** A long-running `smesher <command...>`; stderr carries its JSON log lines, stdout its plain announcements. */
export class SmesherChild {
  readonly lines: ChildLogLine[] = [];
  readonly stdout: string[] = [];
  readonly #child: ChildProcess;
  readonly #exited: Promise<unknown>;
  #waiters: Array<{ match: (l: ChildLogLine) => boolean; resolve: (l: ChildLogLine) => void }> = [];
  #onLine: ((line: ChildLogLine) => void) | undefined;

  constructor(command: readonly string[]) {
    this.#child = spawn(process.execPath, [SMESHER, ...command, '--log-format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#exited = once(this.#child, 'exit');
    createInterface({ input: this.#child.stdout! }).on('line', (text) => {
      this.stdout.push(text);
      this.#take({ msg: `stdout ${text}` });
    });
    createInterface({ input: this.#child.stderr! }).on('line', (text) => {
      let line: ChildLogLine;
      try {
        line = JSON.parse(text) as ChildLogLine;
      } catch {
        line = { msg: text };
      }
      this.lines.push(line);
      this.#take(line);
    });
  }

  /** The child's pid. @throws {Error} when it did not start */
  get pid(): number {
    if (this.#child.pid === undefined) throw new Error('smesher child did not start');
    return this.#child.pid;
  }

  /** Calls `fn` with every log line from now on (one listener). */
  onLine(fn: (line: ChildLogLine) => void): void {
    this.#onLine = fn;
  }

  #take(line: ChildLogLine): void {
    this.#onLine?.(line);
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.match(line)) return true;
      w.resolve(line);
      return false;
    });
  }

  /**
   * The first line matching `match` (already seen or still to come).
   * @throws {Error} when the child exits first or `timeoutMs` passes
   */
  waitFor(match: (l: ChildLogLine) => boolean, timeoutMs: number, what: string): Promise<ChildLogLine> {
    const seen = this.lines.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      new Promise<ChildLogLine>((resolve) => this.#waiters.push({ match, resolve })),
      this.#exited.then(() => {
        throw new Error(`smesher exited before ${what}; last lines:\n${this.lines.slice(-6).map((l) => JSON.stringify(l)).join('\n')}`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
  }

  /** The `api <url>` the node printed. @throws as {@link waitFor} */
  async apiUrl(timeoutMs: number): Promise<string> {
    const line = await this.waitFor((l) => l.msg.startsWith('stdout api '), timeoutMs, 'the API address');
    return line.msg.slice('stdout api '.length);
  }

  /** Asks the child to stop (SIGTERM) and waits for it; SIGKILL after 20 s. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.kill('SIGTERM');
    const killer = setTimeout(() => this.#child.kill('SIGKILL'), 20_000);
    await this.#exited;
    clearTimeout(killer);
  }
}

/**
 * Runs a one-shot `smesher` subcommand to its exit.
 * @throws {Error} with its stderr when it fails
 */
export function runSmesherOnce(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [SMESHER, ...args], { encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err === null) resolve(stdout);
      else reject(new Error(`smesher ${args.slice(0, 2).join(' ')} failed: ${stderr.trim()}`));
    });
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago, for a server a network file must name before it starts. */
export async function freeLocalPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
