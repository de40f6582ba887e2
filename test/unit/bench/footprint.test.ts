/**
 * The footprint benchmark's pieces that need no running node: reading CPU time and RSS from /proc (Linux), the CPU
 * share arithmetic, and that `bench all` runs the node, api, growth and scale benchmarks.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cpuPercent } from '../../../core/bench/footprint.js';
import { BENCHES } from '../../../core/bench/index.js';
import { parseStatCpuMs, processCpuMs, processRssBytes, threadCpuMs, threadsCpuMs } from '../../../core/util/procStat.js';

describe('bench node: footprint', () => {
  it('node, api, growth and scale are smesher bench names, so `bench all` runs them', () => {
    for (const name of ['node', 'api', 'growth', 'scale']) assert.equal(typeof BENCHES[name], 'function', name);
  });

  it('reads utime + stime after the command name, even one with spaces and parentheses', () => {
    // Fields after ")": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const line = '4242 (node (a) b) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 75 0 0 20 0 11 0 1000 0 0';
    assert.equal(parseStatCpuMs(line), (250 + 75) * 10);
    assert.throws(() => parseStatCpuMs('garbage'), /not a \/proc stat line/);
  });

  it('CPU share is CPU time over wall time, in % of one core', () => {
    assert.equal(cpuPercent(1_000, 1_500, 10_000), 5);
    assert.throws(() => cpuPercent(0, 1, 0), RangeError);
  });

  it('reads this process, its threads and its RSS from /proc on Linux', { skip: process.platform !== 'linux' }, () => {
    const threads = threadsCpuMs(process.pid);
    assert.ok(threads.some((t) => t.tid === process.pid), 'the main thread is listed');
    assert.ok(processCpuMs(process.pid)! >= 0);
    assert.ok(threadCpuMs()! >= 0);
    assert.ok(processRssBytes(process.pid)! > 1024 * 1024);
    assert.equal(processCpuMs(2 ** 22 + 12345), undefined, 'a pid that does not exist');
  });
});
