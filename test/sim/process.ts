/**
 * `smesher` child processes for the process-level sims: a long-running subcommand (`smesher node`, `smesher poet
 * serve`) spawned with `--log-format json`, its JSON log lines followed and waited for, SIGKILLed or SIGTERMed;
 * one-shot subcommands (`smesher network new`) run to their exit; and a free 127.0.0.1 port for a server whose
 * address must be known before it starts.
 * @module
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const SMESHER = join(import.meta.dirname, '..', '..', 'core', 'bin', 'smesher.js');

export interface LogLine {
  readonly time: string;
  readonly level: string;
  readonly module: string;
  readonly msg: string;
  readonly event?: string;
  readonly [key: string]: unknown;
}

/**
 * Extra flags every test node needs: when `smesher node` serves an API (it listens on a fixed port by default), a
 * test node must take any free port instead, or it collides with other nodes on the machine.
 */
export function testNodeFlags(): string[] {
  const help = spawnSync(process.execPath, [SMESHER, 'node', '--help'], { encoding: 'utf8' }).stdout;
  return help.includes('--api-port') ? ['--api-port', '0'] : [];
}

/** Runs a one-shot subcommand (`['network', 'new', ...]`) to its exit. */
export function runSmesher(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SMESHER, ...args], { encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr });
    });
  });
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (the OS picked it for a throwaway server). Only for a server
 * whose address others must know before it starts (a PoET named in a network file); everything else listens on
 * port 0 itself.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** How a long-running subcommand is started, beyond its arguments. */
export interface SpawnOptions {
  /** Variables added to the inherited environment. */
  readonly env?: Readonly<Record<string, string>>;
}

/** A long-running `smesher <command...>` with JSON logs on stderr (stdout lines are kept too). */
export class SmesherProcess {
  readonly lines: LogLine[] = [];
  readonly stdout: string[] = [];
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #name: string;
  #waiters: Array<{ match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }> = [];

  /** `options.env` adds variables to this process's environment (`SMESHER_TEST_GATE`, docs/cli.md §5). */
  constructor(command: readonly string[], args: readonly string[], options: SpawnOptions = {}) {
    this.#name = command.join(' ');
    const env = options.env === undefined ? process.env : { ...process.env, ...options.env };
    this.child = spawn(process.execPath, [SMESHER, ...command, ...args, '--log-format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'], env });
    this.exited = once(this.child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
    createInterface({ input: this.child.stdout! }).on('line', (text) => this.stdout.push(text));
    createInterface({ input: this.child.stderr! }).on('line', (text) => {
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { time: '', level: 'raw', module: 'stderr', msg: text };
      }
      this.lines.push(line);
      this.#waiters = this.#waiters.filter((w) => {
        if (!w.match(line)) return true;
        w.resolve(line);
        return false;
      });
    });
  }

  /** The next line matching `match` (searching from line `from`), or a rejection when the process exits first. */
  waitFor(match: (l: LogLine) => boolean, from = 0): Promise<LogLine> {
    const seen = this.lines.slice(from).find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return Promise.race([
      new Promise<LogLine>((resolve) => this.#waiters.push({ match, resolve })),
      this.exited.then(({ code, signal }) => {
        throw new Error(`${this.#name} exited (${code ?? signal}) before the expected line; last lines:\n${this.lines.slice(-8).map((l) => JSON.stringify(l)).join('\n')}`);
      }),
    ]);
  }

  /** Kills the process without warning and waits for it to be gone. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Asks the process to stop and waits for its exit code. */
  async stop(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return (await this.exited).code;
  }
}

/** `smesher node ARGS --log-format json`. */
export class NodeProcess extends SmesherProcess {
  constructor(args: readonly string[], options: SpawnOptions = {}) {
    super(['node'], args, options);
  }
}

/** `smesher poet serve ARGS --log-format json`; it prints `poet listening on URL` on stdout once it serves. */
export class PoetProcess extends SmesherProcess {
  constructor(args: readonly string[]) {
    super(['poet', 'serve'], args);
  }
}
