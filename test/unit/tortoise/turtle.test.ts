/**
 * The tortoise (core/tortoise/turtle.ts) over simulated layers: nodes (tortoise instances) whose smeshers cast one
 * ballot a layer with the votes their node encodes, blocks decided by a per-partition hare. Checks verifying mode on
 * an honest network, self-healing after a split whose halves decided differently, the opinion hash of encoded votes
 * against the decoder, and impossible votes refused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blake3 } from '../../../core/crypto/hash.js';
import { Tortoise, type TortoiseBallot, type TortoiseConfig, TortoiseError, firstValid } from '../../../core/tortoise/turtle.js';
import { bytesToHex, utf8 } from '../../../core/util/bytes.js';

const LPE = 4;
const GENESIS = 7;
const BEACON = 'beacon01';
const CONFIG: TortoiseConfig = { hdist: 3, zdist: 2, windowSize: 100, maxExceptions: 100, badBeaconVoteDelayLayers: 100, layersPerEpoch: LPE, effectiveGenesis: GENESIS };
const ATX_WEIGHT = 12n;
const HEIGHT = 100n;

interface Smesher {
  readonly id: string;
  readonly node: number;
}

const id20 = (text: string): Uint8Array => blake3(utf8(text)).subarray(0, 20);
const blockOf = (layer: number, variant = ''): Uint8Array => id20(`block ${layer}${variant}`);
const atxIdOf = (s: Smesher, epoch: number): string => bytesToHex(blake3(utf8(`atx ${s.id} ${epoch}`)));

/** A network of tortoises; `partition[n]` is the side node n is on (ballots and hare outputs stay on a side). */
class Sim {
  readonly nodes: Tortoise[];
  readonly smeshers: Smesher[];
  /** Every ballot made, by layer, for delivery after a partition heals. */
  readonly made: { ballot: TortoiseBallot; side: number }[] = [];
  readonly refs = new Map<string, Uint8Array>();
  partition: number[];
  /** The hare's weak coin every layer, when set. */
  coin: boolean | undefined;

  constructor(nodeCount: number, smeshersPerNode: readonly number[], config: TortoiseConfig = CONFIG, weightOf: (epoch: number) => bigint = () => ATX_WEIGHT) {
    this.nodes = Array.from({ length: nodeCount }, () => new Tortoise(config));
    this.smeshers = smeshersPerNode.flatMap((count, node) => Array.from({ length: count }, (_, i) => ({ id: `s${node}.${i}`, node })));
    this.partition = this.nodes.map(() => 0);
    for (const t of this.nodes) {
      for (let epoch = 1; epoch < 12; epoch++) {
        t.onBeacon(epoch, BEACON);
        for (const s of this.smeshers) t.onAtx(epoch, atxIdOf(s, epoch), { weight: weightOf(epoch), height: HEIGHT, smesher: s.id });
      }
    }
  }

  /** One layer: tally, ballots (delivered within each side), then each side's hare decides `decide(side)`. */
  layer(layer: number, decide: (side: number) => Uint8Array | null = () => blockOf(layer)): void {
    for (const t of this.nodes) t.tallyVotes(layer);
    const epoch = Math.floor(layer / LPE);
    for (const s of this.smeshers) {
      const votes = this.nodes[s.node]!.encodeVotes(layer);
      const refKey = `${s.id}/${epoch}`;
      const ref = this.refs.get(refKey) ?? null;
      const ballot: TortoiseBallot = {
        id: id20(`ballot ${s.id} ${layer}`),
        layer,
        smesher: s.id,
        atxId: atxIdOf(s, epoch),
        eligibilities: 1,
        opinionHash: votes.opinionHash,
        votes: { base: votes.base, support: votes.support, against: votes.against, abstain: votes.abstain },
        epochData: ref === null ? { beacon: BEACON, eligibilityCount: LPE } : null,
        refBallot: ref,
        malicious: false,
      };
      if (ref === null) this.refs.set(refKey, ballot.id);
      const side = this.partition[s.node]!;
      this.made.push({ ballot, side });
      this.nodes.forEach((t, n) => {
        if (this.partition[n] === side) t.onBallot(ballot);
      });
    }
    const sides = new Set(this.partition);
    for (const side of sides) {
      const output = decide(side);
      this.nodes.forEach((t, n) => {
        if (this.partition[n] !== side) return;
        if (output !== null) t.onBlock({ id: output, layer, height: HEIGHT }, true);
        t.onHareOutput(layer, output);
        if (this.coin !== undefined) t.onWeakCoin(layer, this.coin);
        // The mesh tallies again once the layer's hare output is in (go's ProcessLayer).
        t.tallyVotes(layer);
      });
    }
  }

  /** Heals the partition: every node receives every ballot it missed, in the order they were made. */
  heal(blocks: readonly { id: Uint8Array; layer: number }[]): void {
    this.nodes.forEach((t, n) => {
      for (const b of blocks) t.onBlock({ id: b.id, layer: b.layer, height: HEIGHT }, true);
      for (const { ballot } of this.made) if (!t.hasBallot(ballot.id)) t.onBallot(ballot);
      void n;
    });
    this.partition = this.nodes.map(() => 0);
  }
}

describe('tortoise', () => {
  it('verifies every layer in verifying mode on an honest network, and every node holds the same opinion', () => {
    const sim = new Sim(2, [2, 2]);
    for (let layer = GENESIS + 1; layer <= 24; layer++) {
      sim.layer(layer);
      for (const t of sim.nodes) assert.equal(t.mode, 'verifying', `layer ${layer}: verifying mode throughout`);
      for (const t of sim.nodes) if (layer > GENESIS + 1) assert.equal(t.verified, layer - 1, `layer ${layer}: the layer before verified`);
    }
    for (const t of sim.nodes) {
      assert.equal(t.mode, 'verifying');
      assert.equal(t.verified, 23, 'all layers but the last verified');
      for (let layer = GENESIS + 1; layer <= 23; layer++) {
        const result = t.result(layer);
        assert.equal(bytesToHex(firstValid(result)!.id), bytesToHex(blockOf(layer)), `layer ${layer}: the hare's block`);
      }
    }
    for (let layer = GENESIS; layer <= 24; layer++) assert.deepEqual(sim.nodes[0]!.opinionOf(layer), sim.nodes[1]!.opinionOf(layer), `layer ${layer}`);
  });

  it('heals a split: the minority side adopts the majority side\'s blocks through full mode', () => {
    // Node 0 holds three smeshers, node 1 one: 3/4 and 1/4 of the weight.
    const sim = new Sim(2, [3, 1]);
    for (let layer = GENESIS + 1; layer <= 11; layer++) sim.layer(layer);
    sim.partition = [0, 1];
    // Split for layers 12-15: the majority's hare decides blocks, the minority's ends empty.
    for (let layer = 12; layer <= 15; layer++) sim.layer(layer, (side) => (side === 0 ? blockOf(layer) : null));
    const minority = sim.nodes[1]!;
    assert.notDeepEqual(minority.opinionOf(15), sim.nodes[0]!.opinionOf(15), 'the sides disagree during the split');
    sim.heal([12, 13, 14, 15].map((layer) => ({ id: blockOf(layer), layer })));
    minority.updates();
    let healedAt: number | null = null;
    const changed = new Set<number>();
    let wentFull = false;
    for (let layer = 16; layer <= 30; layer++) {
      sim.layer(layer);
      wentFull ||= minority.mode === 'full';
      for (const r of minority.updates()) if (r.verified && firstValid(r) !== null && r.layer >= 12 && r.layer <= 15) changed.add(r.layer);
      if (healedAt === null && bytesToHex(minority.opinionOf(layer - 1)!) === bytesToHex(sim.nodes[0]!.opinionOf(layer - 1)!)) healedAt = layer;
    }
    assert.ok(healedAt !== null, 'the opinions converge');
    assert.ok(wentFull, 'the minority node healed in full mode');
    assert.ok(healedAt <= 22, `converged within a bound of layers after healing (at ${healedAt})`);
    for (let layer = 12; layer <= 15; layer++) {
      const result = minority.result(layer);
      assert.ok(result.verified, `layer ${layer} verified on the minority node`);
      assert.equal(bytesToHex(firstValid(result)!.id), bytesToHex(blockOf(layer)), `layer ${layer}: the majority's block is valid`);
    }
    assert.deepEqual([...changed].sort(), [12, 13, 14, 15], 'updates() reported the layers whose block changed');
    for (const t of sim.nodes) assert.equal(t.verified, 29);
    assert.equal(minority.mode, 'verifying', 'back in verifying mode once healed');
  });

  it('keeps valid blocks valid when the next epoch weighs 20 times more (a short first PoET round), whatever the coin', () => {
    // As standalone: one smesher, hdist 2. The first ATXs carry 2 ticks, the next 40: verification falls behind
    // at the epoch boundary and undecided layers beyond hdist are voted by margin or coin.
    const sim = new Sim(1, [1], { ...CONFIG, hdist: 2 }, (epoch) => (epoch <= 2 ? 2n : 40n));
    sim.coin = false;
    for (let layer = GENESIS + 1; layer <= 20; layer++) sim.layer(layer);
    const t = sim.nodes[0]!;
    assert.ok(t.verified >= 18, `verified ${t.verified}`);
    for (let layer = GENESIS + 1; layer <= t.verified; layer++) {
      assert.equal(bytesToHex(firstValid(t.result(layer))?.id ?? new Uint8Array()), bytesToHex(blockOf(layer)), `layer ${layer} keeps its block`);
    }
  });

  it('refuses impossible votes and votes that do not hash to the claimed opinion', () => {
    const sim = new Sim(1, [2]);
    for (let layer = GENESIS + 1; layer <= 10; layer++) sim.layer(layer);
    const t = sim.nodes[0]!;
    t.tallyVotes(11);
    const votes = t.encodeVotes(11);
    const s = sim.smeshers[0]!;
    const base: TortoiseBallot = {
      id: id20('forged'),
      layer: 11,
      smesher: s.id,
      atxId: atxIdOf(s, 2),
      eligibilities: 1,
      opinionHash: votes.opinionHash,
      votes: { base: votes.base, support: votes.support, against: votes.against, abstain: votes.abstain },
      epochData: null,
      refBallot: sim.refs.get(`${s.id}/2`)!,
      malicious: false,
    };
    const twice = { id: blockOf(10), layer: 10, height: HEIGHT };
    assert.throws(() => t.onBallot({ ...base, votes: { ...base.votes, support: [twice], against: [twice] } }), TortoiseError);
    assert.throws(() => t.onBallot({ ...base, votes: { ...base.votes, abstain: [10], support: [twice] } }), TortoiseError);
    assert.throws(() => t.onBallot({ ...base, opinionHash: new Uint8Array(32) }), /claims/);
    assert.throws(() => t.onBallot({ ...base, votes: { ...base.votes, base: id20('unknown') } }), /unknown/);
    assert.equal(t.hasBallot(base.id), false, 'nothing stored');
    t.onBallot(base);
    assert.equal(t.hasBallot(base.id), true);
  });
});
