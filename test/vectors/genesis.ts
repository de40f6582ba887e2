/**
 * Runner for genesis.json: golden ATX id and GenesisID from a genesis time and extra data.
 * @module
 */
import assert from 'node:assert/strict';
import { genesisId, goldenAtxId } from '../../core/types/genesis.js';
import { bytesToHex } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

interface GenesisVector {
  network: string;
  genesisTime: string;
  extraData: string;
  goldenAtx?: string;
  genesisId?: string;
  genesisIdPrefix?: string;
}

export default defineRunner<GenesisVector>({
  name: (v) => v.network,
  check(v) {
    const config = { genesisTimeMs: Date.parse(v.genesisTime), extraData: v.extraData };
    const id = bytesToHex(genesisId(config));
    if (v.goldenAtx !== undefined) assert.equal(bytesToHex(goldenAtxId(config)), v.goldenAtx);
    if (v.genesisId !== undefined) assert.equal(id, v.genesisId);
    if (v.genesisIdPrefix !== undefined) assert.ok(id.startsWith(v.genesisIdPrefix), `${id} should start with ${v.genesisIdPrefix}`);
    assert.ok(v.goldenAtx ?? v.genesisId ?? v.genesisIdPrefix, 'vector checks nothing');
  },
});
