/**
 * CPU time of a process and of its threads from Linux's `/proc` (`stat` fields 14-15, utime + stime, in clock
 * ticks of 1/100 s, the USER_HZ every Linux build exports), and a process's resident set: what the PoET round
 * worker reports about itself and what `smesher bench node` samples. Elsewhere (macOS, Windows) every reader
 * answers `undefined`. I/O: reads /proc.
 * @module
 */
import { readFileSync, readdirSync } from 'node:fs';

/** USER_HZ: Linux reports `/proc/.../stat` times in hundredths of a second on every architecture. */
const TICK_MS = 10;

/**
 * utime + stime of one `stat` line, in ms. The command name (field 2) is in parentheses and may hold spaces, so
 * fields are counted after its closing parenthesis.
 * @throws {Error} on a line that is not a `stat` line
 */
export function parseStatCpuMs(line: string): number {
  const close = line.lastIndexOf(')');
  const fields = line.slice(close + 2).split(' ');
  // After ")": field 3 (state) is fields[0], so utime (14) and stime (15) are fields[11] and fields[12].
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (close < 0 || !Number.isSafeInteger(utime) || !Number.isSafeInteger(stime)) throw new Error('not a /proc stat line');
  return (utime + stime) * TICK_MS;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** CPU ms of the calling thread (`/proc/thread-self/stat`), or undefined where there is no such file. */
export function threadCpuMs(): number | undefined {
  const line = readOrUndefined('/proc/thread-self/stat');
  return line === undefined ? undefined : parseStatCpuMs(line);
}

/** CPU ms of a whole process, threads that have exited included; undefined when it is gone or not on Linux. */
export function processCpuMs(pid: number): number | undefined {
  const line = readOrUndefined(`/proc/${pid}/stat`);
  return line === undefined ? undefined : parseStatCpuMs(line);
}

/** A thread of a process: id, name (`comm`, at most 15 characters) and CPU ms so far. */
export interface ThreadCpu {
  readonly tid: number;
  readonly name: string;
  readonly cpuMs: number;
}

/** Every live thread of a process; empty when it is gone or not on Linux. */
export function threadsCpuMs(pid: number): ThreadCpu[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: ThreadCpu[] = [];
  for (const tid of tids) {
    const stat = readOrUndefined(`/proc/${pid}/task/${tid}/stat`);
    const name = readOrUndefined(`/proc/${pid}/task/${tid}/comm`);
    if (stat === undefined || name === undefined) continue; // exited between the listing and the read
    out.push({ tid: Number(tid), name: name.trim(), cpuMs: parseStatCpuMs(stat) });
  }
  return out;
}

/** Resident set size of a process in bytes (`VmRSS`), or undefined. */
export function processRssBytes(pid: number): number | undefined {
  const status = readOrUndefined(`/proc/${pid}/status`);
  const kb = status?.match(/^VmRSS:\s+(\d+) kB/m)?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}
