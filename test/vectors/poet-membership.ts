/**
 * Runner for poet-membership.json: the membership root, and a membership proof for every member.
 * @module
 */
import assert from 'node:assert/strict';
import { buildMembershipProof, membershipRoot, verifyMembership } from '../../core/poet/membership.js';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

interface Vector {
  challenges: string[];
  root: string;
}

export default defineRunner<Vector>({
  name: (v) => `${v.challenges.length} challenges -> ${v.root.slice(0, 16)}`,
  check(v) {
    const challenges = v.challenges.map((c) => hexToBytes(c, 32));
    const root = membershipRoot(challenges);
    assert.equal(bytesToHex(root), v.root);
    for (const challenge of challenges) {
      assert.ok(verifyMembership(root, challenge, buildMembershipProof(challenges, challenge)));
    }
  },
});
