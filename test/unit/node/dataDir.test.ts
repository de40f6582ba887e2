/**
 * The network directory: a first standalone start writes genesis = now + a few seconds (whole seconds) and later
 * starts reuse it; the directory is `<preset>-<genesisId8>` with its subfolders; a damaged genesis file is refused.
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FIRST_START_GENESIS_DELAY_MS, openNetworkDir } from '../../../core/node/dataDir.js';
import { standalone, testnet } from '../../../core/params/presets.js';
import { genesisId } from '../../../core/types/genesis.js';
import { bytesToHex } from '../../../core/util/bytes.js';

const NOW = 1_800_000_000_123;

describe('openNetworkDir', () => {
  it('writes the standalone genesis once and reuses it', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'datadir-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const first = openNetworkDir(dir, standalone, NOW);
    assert.equal(first.genesisTimeMs % 1000, 0);
    assert.ok(first.genesisTimeMs >= NOW + FIRST_START_GENESIS_DELAY_MS && first.genesisTimeMs < NOW + FIRST_START_GENESIS_DELAY_MS + 1000);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'standalone.genesis.json'), 'utf8')), { genesisTime: new Date(first.genesisTimeMs).toISOString() });
    const id = genesisId({ genesisTimeMs: first.genesisTimeMs, extraData: 'standalone' });
    assert.equal(first.dir, join(dir, `standalone-${bytesToHex(id).slice(0, 8)}`));
    for (const sub of ['identities', 'poet']) assert.ok(existsSync(join(first.dir, sub)));
    const later = openNetworkDir(dir, standalone, NOW + 3_600_000);
    assert.deepEqual(later, first);
  });

  it('uses a preset’s fixed genesis, and refuses a damaged genesis file', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'datadir-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    assert.equal(openNetworkDir(dir, testnet, NOW).genesisTimeMs, Date.parse('2023-09-13T18:00:00Z'));
    writeFileSync(join(dir, 'standalone.genesis.json'), '{"genesisTime": "yesterday"}');
    assert.throws(() => openNetworkDir(dir, standalone, NOW), (e: Error & { code?: string }) => e.code === 'BAD_GENESIS' && /is not a genesis file/.test(e.message));
  });
});
