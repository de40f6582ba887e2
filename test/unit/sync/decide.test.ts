/**
 * core/sync/decide.ts: the next layer's ballot weight picks among the candidates peers name; a candidate counts only
 * when it chains on this node's own hash; "no block" is tried as an empty hare output and as an undecided layer;
 * without ballots only unanimous peers decide, and only when allowed.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseDecision, type PeerOpinion } from '../../../core/sync/decide.js';
import { nextOpinion } from '../../../core/tortoise/logic.js';
import { bytesToHex } from '../../../core/util/bytes.js';

const prev = new Uint8Array(32).fill(7);
const blockA = { id: new Uint8Array(20).fill(0xa), height: 30n };
const blockB = { id: new Uint8Array(20).fill(0xb), height: 30n };
const hashA = nextOpinion(prev, { by: 'hare', block: blockA });
const hashB = nextOpinion(prev, { by: 'hare', block: blockB });
const hashEmptyHare = nextOpinion(prev, { by: 'hare', block: null });
const hashUndecided = nextOpinion(prev, { by: 'empty' });
const peer = (name: string, certified: PeerOpinion['certified'], aggHash: Uint8Array): PeerOpinion => ({ peer: name, certified, aggHash });

describe('chooseDecision', () => {
  it('takes the block more than half of the next layer ballot weight votes for; dissenting peers are named', () => {
    const peers = [peer('honest1', blockA, hashA), peer('honest2', blockA, hashA), peer('liar', blockB, hashB)];
    const choice = chooseDecision(prev, peers, [{ opinionHash: hashA, weight: 3 }, { opinionHash: hashB, weight: 1 }], false);
    assert.ok(choice !== null);
    assert.deepEqual(choice.decision, { by: 'hare', block: blockA });
    assert.equal(bytesToHex(choice.opinionHash), bytesToHex(hashA));
    assert.equal(choice.by, 'ballots');
    assert.deepEqual(choice.dissenters, ['liar']);
  });

  it('a majority of peers does not outvote the ballots', () => {
    const peers = [peer('liar1', blockB, hashB), peer('liar2', blockB, hashB), peer('honest', blockA, hashA)];
    const choice = chooseDecision(prev, peers, [{ opinionHash: hashA, weight: 5 }], false);
    assert.deepEqual(choice?.decision, { by: 'hare', block: blockA });
    assert.deepEqual(choice?.dissenters, ['liar1', 'liar2']);
  });

  it('no decision without more than half the weight, or when no peer named the voted candidate', () => {
    const peers = [peer('a', blockA, hashA), peer('b', blockB, hashB)];
    assert.equal(chooseDecision(prev, peers, [{ opinionHash: hashA, weight: 1 }, { opinionHash: hashB, weight: 1 }], false), null);
    assert.equal(chooseDecision(prev, [peer('b', blockB, hashB)], [{ opinionHash: hashA, weight: 9 }], false), null);
  });

  it('a peer whose hash does not chain on this node\'s own previous hash names nothing', () => {
    const forged = peer('forger', blockA, new Uint8Array(32).fill(1));
    assert.equal(chooseDecision(prev, [forged], [{ opinionHash: new Uint8Array(32).fill(1), weight: 9 }], false), null);
  });

  it('no block means an empty hare output or an undecided layer, told apart by the hash', () => {
    const emptyHare = chooseDecision(prev, [peer('p', null, hashEmptyHare)], [{ opinionHash: hashEmptyHare, weight: 2 }], false);
    assert.deepEqual(emptyHare?.decision, { by: 'hare', block: null });
    const undecided = chooseDecision(prev, [peer('p', null, hashUndecided)], [{ opinionHash: hashUndecided, weight: 2 }], false);
    assert.deepEqual(undecided?.decision, { by: 'empty' });
  });

  it('without ballots: unanimous peers decide only when allowed', () => {
    const peers = [peer('a', blockA, hashA), peer('b', blockA, hashA)];
    assert.equal(chooseDecision(prev, peers, [], false), null);
    const choice = chooseDecision(prev, peers, [], true);
    assert.deepEqual(choice?.decision, { by: 'hare', block: blockA });
    assert.equal(choice?.by, 'peers');
    assert.equal(chooseDecision(prev, [...peers, peer('c', blockB, hashB)], [], true), null, 'peers disagree');
    assert.equal(chooseDecision(prev, [], [], true), null, 'no peer');
  });
});
