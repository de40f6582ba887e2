/**
 * Runner for post-commitment.json: commitment = blake3(nodeId || commitmentAtxId).
 * @module
 */
import assert from 'node:assert/strict';
import { computeCommitment } from '../../core/post/labelInput.js';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

interface Vector {
  readonly nodeId: string;
  readonly commitmentAtxId: string;
  readonly commitment: string;
}

export default defineRunner<Vector>({
  name: (v) => `commitment of ${v.nodeId.slice(0, 8)}…/${v.commitmentAtxId.slice(0, 8)}…`,
  check(v) {
    assert.equal(bytesToHex(computeCommitment(hexToBytes(v.nodeId, 32), hexToBytes(v.commitmentAtxId, 32))), v.commitment);
  },
});
