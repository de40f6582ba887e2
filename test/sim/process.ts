/**
 * A `smesher node` child process for crash tests: spawn it, follow its JSON log lines, wait for timeline events,
 * SIGKILL or SIGTERM it.
 * @module
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
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

export class NodeProcess {
  readonly lines: LogLine[] = [];
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #waiters: Array<{ match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }> = [];

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, [SMESHER, 'node', ...args, '--log-format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = once(this.child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
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
        throw new Error(`node exited (${code ?? signal}) before the expected line; last lines:\n${this.lines.slice(-8).map((l) => JSON.stringify(l)).join('\n')}`);
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
