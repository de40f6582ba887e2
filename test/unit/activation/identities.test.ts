/**
 * Identity key files: created once with mode 0600 as the hex of seed || public key (go-spacemesh's format), loaded
 * back unchanged, one per units entry with its own PoS directory; unsafe, malformed or inconsistent files refused.
 * @module
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { keyFilePath, loadIdentities } from '../../../core/activation/identities.js';
import { walletPrincipal } from '../../../core/types/templates.js';
import { bytesToHex } from '../../../core/util/bytes.js';

const GENESIS_ID = new Uint8Array(20).fill(7);

function setup(t: { after: (fn: () => void) => void }): { keyDir: string; postDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'identities-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return { keyDir: join(dir, 'identities'), postDir: join(dir, 'post') };
}

describe('loadIdentities', () => {
  it('creates one 0600 key per units entry and loads the same identities again', (t) => {
    const { keyDir, postDir } = setup(t);
    const first = loadIdentities({ keyDir, postDir, units: [1, 2, 4], genesisId: GENESIS_ID });
    assert.deepEqual(first.map((i) => [i.index, i.numUnits, i.postDir]), [
      [0, 1, join(postDir, 'post-0')],
      [1, 2, join(postDir, 'post-1')],
      [2, 4, join(postDir, 'post-2')],
    ]);
    for (const id of first) {
      const path = keyFilePath(keyDir, id.index);
      assert.equal(statSync(path).mode & 0o777, 0o600);
      const text = readFileSync(path, 'utf8');
      assert.match(text, /^[0-9a-f]{128}$/);
      assert.equal(text.slice(64), bytesToHex(id.nodeId), 'second half is the public key');
      assert.equal(bytesToHex(id.coinbase), bytesToHex(walletPrincipal(id.nodeId)));
    }
    assert.equal(new Set(first.map((i) => bytesToHex(i.nodeId))).size, 3);
    const again = loadIdentities({ keyDir, postDir, units: [1, 2], genesisId: GENESIS_ID });
    assert.deepEqual(again.map((i) => bytesToHex(i.nodeId)), first.slice(0, 2).map((i) => bytesToHex(i.nodeId)));
    const coinbase = new Uint8Array(24).fill(3);
    assert.deepEqual(loadIdentities({ keyDir, postDir, units: [1], genesisId: GENESIS_ID, coinbase })[0]!.coinbase, coinbase);
  });

  it('refuses a key readable by others, a malformed key and a key whose halves disagree', (t) => {
    const { keyDir, postDir } = setup(t);
    loadIdentities({ keyDir, postDir, units: [1], genesisId: GENESIS_ID });
    const path = keyFilePath(keyDir, 0);
    const good = readFileSync(path, 'utf8');
    const load = (): unknown => loadIdentities({ keyDir, postDir, units: [1], genesisId: GENESIS_ID });
    chmodSync(path, 0o644);
    assert.throws(load, (e: Error & { code?: string }) => e.code === 'IDENTITY_INVALID' && /readable by others.*chmod 600/.test(e.message));
    writeFileSync(path, 'not a key', { mode: 0o600 });
    chmodSync(path, 0o600);
    assert.throws(load, /not a key file \(expected 128 hex characters\)/);
    writeFileSync(path, good.slice(0, 64) + 'ab'.repeat(32));
    assert.throws(load, /public key does not match/);
    // The message names the file but never its content.
    try {
      load();
    } catch (err) {
      assert.ok(!(err as Error).message.includes(good.slice(0, 64)));
    }
  });
});
