/**
 * Logger: JSON-lines and pretty formats, levels, child bindings, and secrets kept out of every line.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodedError } from '../../../core/util/errors.js';
import { createLogger, isLogLevel, type LogFormat } from '../../../core/util/logger.js';

function capture(format: LogFormat, level: 'debug' | 'info' = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ format, level, sink: { write: (line) => lines.push(line) }, now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
  return { logger, lines };
}

describe('logger', () => {
  it('writes one JSON object per line with time, level, module and msg', () => {
    const { logger, lines } = capture('json');
    logger.child({ module: 'poet' }).info('round opened', { round: 3, leafCount: 10n, id: new Uint8Array([1, 2]) });
    assert.equal(lines.length, 1);
    assert.deepEqual(JSON.parse(lines[0]!), {
      time: '2026-01-02T03:04:05.000Z',
      level: 'info',
      module: 'poet',
      msg: 'round opened',
      round: 3,
      leafCount: '10',
      id: '0102',
    });
  });

  it('drops records below the level', () => {
    const { logger, lines } = capture('json');
    logger.debug('noise');
    logger.warn('kept');
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { msg: string }).msg), ['kept']);
  });

  it('knows its level names and nothing else (a --log-level flag is checked by them)', () => {
    for (const level of ['debug', 'info', 'warn', 'error']) assert.ok(isLogLevel(level), level);
    for (const other of ['trace', 'INFO', '', 'toString', '__proto__']) assert.ok(!isLogLevel(other), other);
  });

  it('never writes secrets, however they are nested', () => {
    const { logger, lines } = capture('json', 'debug');
    const secret = 'abandon ability able about above absent absorb abstract absurd abuse access accident';
    logger.info('wallet opened', { mnemonic: secret, password: 'hunter2', nested: { secretKey: 'deadbeef', ok: 1 }, token: 'x' });
    logger.child({ privateKey: 'beef' }).error('failed', { err: new CodedError('WRONG_PASSWORD', 'wrong password') });
    const text = lines.join('\n');
    for (const leaked of [secret, 'hunter2', 'deadbeef', 'beef"']) assert.ok(!text.includes(leaked), `leaked ${leaked}`);
    assert.match(text, /"code":"WRONG_PASSWORD"/);
  });

  it('keeps fields that only look like secrets', () => {
    const { logger, lines } = capture('json');
    logger.info('proving', { pass: 2, passes: 3, bypass: true });
    assert.deepEqual(JSON.parse(lines[0]!), { time: '2026-01-02T03:04:05.000Z', level: 'info', module: 'smesher', msg: 'proving', pass: 2, passes: 3, bypass: true });
  });

  it('summarises long byte strings instead of dumping them', () => {
    const { logger, lines } = capture('pretty');
    logger.info('gossip', { payload: new Uint8Array(1000) });
    assert.match(lines[0]!, /^2026-01-02T03:04:05.000Z INFO {2}\[smesher\] gossip payload=<1000 bytes>$/);
  });

  it('survives cyclic context', () => {
    const { logger, lines } = capture('json');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    logger.info('cyclic', { cyclic });
    assert.match(lines[0]!, /\[nested\]/);
  });
});
