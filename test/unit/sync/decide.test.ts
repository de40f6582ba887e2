/**
 * core/sync/decide.ts: peers' chains are kept only as far as they chain on this node's own hash; ballots of later
 * layers vouch for a chain by carrying any of its hashes, or one followed by abstains; more than half of the voting weight decides, a majority
 * of peers does not; "no block" is an empty hare output or an undecided layer, told apart by the hash; without
 * votes, unanimous peers decide only when allowed.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blake3 } from '../../../core/crypto/hash.js';
import { type PeerChain, abstainSuccessors, chooseDecision, peerChain } from '../../../core/sync/decide.js';
import { type Decision, nextOpinion } from '../../../core/tortoise/logic.js';
import { bytesToHex } from '../../../core/util/bytes.js';

const prev = new Uint8Array(32).fill(7);
const blockA = { id: new Uint8Array(20).fill(0xa), height: 30n };
const blockB = { id: new Uint8Array(20).fill(0xb), height: 30n };
const blockC = { id: new Uint8Array(20).fill(0xc), height: 31n };
const hashA = nextOpinion(prev, { by: 'hare', block: blockA });
const hashB = nextOpinion(prev, { by: 'hare', block: blockB });
/** The layer after: block C on top of A or B. */
const hashAC = nextOpinion(hashA, { by: 'hare', block: blockC });
const hashBC = nextOpinion(hashB, { by: 'hare', block: blockC });

const chain = (peer: string, views: Parameters<typeof peerChain>[1]): PeerChain => ({ peer, links: peerChain(prev, views) });
const honest = (peer: string): PeerChain => chain(peer, [{ certified: blockA, aggHash: hashA }, { certified: blockC, aggHash: hashAC }]);
const liar = (peer: string): PeerChain => chain(peer, [{ certified: blockB, aggHash: hashB }, { certified: blockC, aggHash: hashBC }]);
const decisionA: Decision = { by: 'hare', block: blockA };

describe('peerChain', () => {
  it('keeps links while they chain on the hash before; both empty decisions hash alike', () => {
    assert.equal(honest('p').links.length, 2);
    const broken = peerChain(prev, [{ certified: blockA, aggHash: hashA }, { certified: blockC, aggHash: hashB }]);
    assert.equal(broken.length, 1, 'the second link does not chain');
    assert.equal(peerChain(new Uint8Array(32), [{ certified: blockA, aggHash: hashA }]).length, 0, 'not on this node\'s hash');
    assert.deepEqual(peerChain(prev, [{ certified: null, aggHash: nextOpinion(prev, { by: 'hare', block: null }) }])[0]!.decision, { by: 'hare', block: null });
    // go records a layer terminated after zdist as an empty hare output: one hash for both.
    assert.deepEqual(peerChain(prev, [{ certified: null, aggHash: nextOpinion(prev, { by: 'empty' }) }])[0]!.decision, { by: 'hare', block: null });
  });
});

describe('chooseDecision', () => {
  it('a ballot carrying a later hash of a chain vouches for its first decision; dissenters are named', () => {
    const choice = chooseDecision([honest('h1'), liar('l1')], [{ opinionHash: hashAC, weight: 3 }, { opinionHash: hashB, weight: 1 }], false);
    assert.ok(choice !== null);
    assert.deepEqual(choice.decision, decisionA);
    assert.equal(bytesToHex(choice.opinionHash), bytesToHex(hashA));
    assert.equal(choice.by, 'ballots');
    assert.deepEqual(choice.dissenters, ['l1']);
  });

  it('a ballot built before the next layers\' hare ended (its hash followed by abstains) vouches too', () => {
    const [once, twice] = abstainSuccessors(hashA);
    const choice = chooseDecision([honest('h1'), liar('l1')], [{ opinionHash: once!, weight: 2 }, { opinionHash: twice!, weight: 2 }, { opinionHash: hashB, weight: 3 }], false);
    assert.deepEqual(choice?.decision, decisionA, 'four of seven for A');
    assert.equal(bytesToHex(once!), bytesToHex(blake3(hashA, new Uint8Array([0]))), "go's abstain sentinel");
  });

  it('a majority of peers does not outvote the ballots', () => {
    const choice = chooseDecision([liar('l1'), liar('l2'), honest('h')], [{ opinionHash: hashA, weight: 5 }], false);
    assert.deepEqual(choice?.decision, decisionA);
    assert.deepEqual(choice?.dissenters, ['l1', 'l2']);
  });

  it('no decision on a split vote, or for a hash no peer chain holds', () => {
    assert.equal(chooseDecision([honest('h'), liar('l')], [{ opinionHash: hashA, weight: 1 }, { opinionHash: hashB, weight: 1 }], false), null);
    assert.equal(chooseDecision([liar('l')], [{ opinionHash: hashA, weight: 9 }], true), null, 'the voted chain was offered by no peer');
  });

  it('votes that match no chain do not count, and stop the peers from deciding alone', () => {
    assert.equal(chooseDecision([honest('h')], [], false), null, 'the caller drops votes carrying its own earlier hashes');
    assert.equal(chooseDecision([honest('a'), honest('b')], [{ opinionHash: prev, weight: 9 }], true), null, 'an unexplained vote blocks the peers-only rule');
  });

  it('without votes: unanimous peers decide only when allowed', () => {
    assert.equal(chooseDecision([honest('a'), honest('b')], [], false), null);
    const choice = chooseDecision([honest('a'), honest('b')], [], true);
    assert.deepEqual(choice?.decision, decisionA);
    assert.equal(choice?.by, 'peers');
    assert.equal(chooseDecision([honest('a'), liar('b')], [], true), null, 'peers disagree');
    assert.equal(chooseDecision([honest('a'), { peer: 'x', links: [] }], [], true), null, 'a peer off this node\'s hash');
    assert.equal(chooseDecision([], [], true), null, 'no peer');
  });
});
