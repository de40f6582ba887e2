/**
 * The mesh executor (docs/protocol/tortoise.md; docs/protocol/blocks-and-rewards.md §6): layers apply strictly in order from effective genesis; a layer without a hare
 * output becomes empty only once it is more than zdist behind; a hare output is applied at once with its block and
 * rewards; a different hare output for an applied layer within hdist reverts and re-applies; replaying the mesh
 * into an empty database gives the stored state hashes.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertAtx } from '../../../core/activation/store.js';
import { STATE_SCHEMA, openDatabase } from '../../../core/db/database.js';
import { MeshExecutor } from '../../../core/mesh/executor.js';
import { replayMesh } from '../../../core/mesh/replay.js';
import { listMeshLayers } from '../../../core/mesh/store.js';
import { insertProposal } from '../../../core/proposals/store.js';
import { encodeProposal } from '../../../core/proposals/wire.js';
import { listRewardsInLayers } from '../../../core/rewards/store.js';
import { getBlockBytes, getHareOutput } from '../../../core/blocks/store.js';
import { decodeBlock } from '../../../core/blocks/wire.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { MeshError } from '../../../core/mesh/errors.js';
import { insertTransaction } from '../../../core/vm/txStore.js';
import { getBalance, getStateHash } from '../../../core/vm/vm.js';
import { addressOf, signer, spend } from '../vm/helpers.js';

const vm = { genesisId: new Uint8Array(20).fill(1), layersPerEpoch: 10, gasLimit: 100_000_000n };

function proposalBytes(txIds: Uint8Array[] = []): Uint8Array {
  const z = (n: number) => new Uint8Array(n);
  return encodeProposal({
    inner: {
      ballot: {
        inner: { layer: 21, atxId: z(32), opinionHash: z(32), refBallot: z(20), epochData: null },
        signature: z(64),
        smesherId: z(32),
        votes: { base: z(20), support: [], against: [], abstain: [] },
        eligibilityProofs: [],
        activeSet: [],
      },
      txIds,
      meshHash: z(32),
    },
    signature: z(64),
  });
}

function setup() {
  const db = openDatabase(':memory:', STATE_SCHEMA);
  const coinbases = [1, 2].map((n) => new Uint8Array(24).fill(n));
  [1, 2].forEach((n, i) => {
    insertAtx(
      db,
      {
        id: new Uint8Array(32).fill(n),
        publishEpoch: 1,
        smesherId: new Uint8Array(32).fill(n),
        sequence: 0,
        prevId: new Uint8Array(32),
        positioningId: new Uint8Array(32),
        commitmentId: new Uint8Array(32),
        coinbase: coinbases[i]!,
        numUnits: n,
        effectiveNumUnits: n,
        baseTickHeight: 0,
        tickCount: 10,
        weight: 10 * n,
        vrfNonce: 1,
        receivedMs: 0,
      },
      new Uint8Array([n]),
    );
    insertProposal(db, {
      id: new Uint8Array(20).fill(n),
      ballotId: new Uint8Array(20).fill(10 + n),
      layer: 21,
      smesherId: new Uint8Array(32).fill(n),
      atxId: new Uint8Array(32).fill(n),
      refBallot: new Uint8Array(20).fill(10 + n),
      eligibilityCount: 50 * n,
      proofs: 5 * n,
      opinionHash: new Uint8Array(32),
      receivedMs: 0,
      bytes: proposalBytes(),
    });
  });
  const applied: number[] = [];
  const mesh = new MeshExecutor({ db, vm, hdist: 2, zdist: 2, onApplied: ({ mesh: m }) => applied.push(m.layer) });
  return { db, mesh, applied, coinbases };
}

describe('mesh executor', () => {
  it('applies in order: genesis, empty after zdist, hare output at once; replay matches', () => {
    const { db, mesh, applied, coinbases } = setup();
    mesh.onLayer(19);
    mesh.onLayer(21);
    assert.deepEqual(applied, [19], 'layer 20 waits for its hare until it is more than zdist behind');
    mesh.onLayer(23);
    assert.deepEqual(applied, [19, 20]);
    mesh.onHareOutput(21, [new Uint8Array(20).fill(1), new Uint8Array(20).fill(2)]);
    assert.deepEqual(applied, [19, 20, 21]);
    assert.deepEqual(listMeshLayers(db, 19, 21).map((m) => m.decidedBy), ['empty', 'empty', 'hare']);
    const rewards = listRewardsInLayers(db, 21, 21);
    assert.equal(rewards.length, 2);
    // Equal reward weight per eligibility: 10/50·5 = 1 vs 20/100·10 = 2.
    assert.ok(getBalance(db, coinbases[1]!) > getBalance(db, coinbases[0]!));
    const fresh = openDatabase(':memory:', STATE_SCHEMA);
    assert.deepEqual(replayMesh(db, fresh, vm).stateHash, getStateHash(db, 21));
  });

  it('reverts and re-applies when a different hare output arrives within hdist', () => {
    const { db, mesh, applied, coinbases } = setup();
    mesh.onLayer(21);
    mesh.onHareOutput(20, []);
    mesh.onHareOutput(21, [new Uint8Array(20).fill(1)]);
    const before = getBalance(db, coinbases[1]!);
    assert.equal(before, 0n);
    mesh.onHareOutput(21, [new Uint8Array(20).fill(1), new Uint8Array(20).fill(2)]);
    assert.deepEqual(applied, [19, 20, 21, 21]);
    assert.ok(getBalance(db, coinbases[1]!) > 0n);
    assert.equal(listRewardsInLayers(db, 21, 21).length, 2);
  });

  it('refuses a hare output whose proposal or transaction is not stored (MISSING_DATA) and records nothing', () => {
    const { db, mesh, applied } = setup();
    mesh.onLayer(21);
    mesh.onHareOutput(20, []);
    const alice = signer('alice');
    const known = spend(alice, addressOf(signer('bob')), 5n, 0n);
    insertTransaction(db, { id: known.id, raw: known.raw, principal: addressOf(alice), nonce: 0n, receivedMs: 0 }, [addressOf(alice)]);
    const unknownTx = new Uint8Array(32).fill(77);
    const proposal = (n: number, atx: number, txIds: Uint8Array[]) => ({
      id: new Uint8Array(20).fill(n),
      ballotId: new Uint8Array(20).fill(30 + n),
      layer: 21,
      smesherId: new Uint8Array(32).fill(n),
      atxId: new Uint8Array(32).fill(atx),
      refBallot: new Uint8Array(20).fill(30 + n),
      eligibilityCount: 1,
      proofs: 1,
      opinionHash: new Uint8Array(32),
      receivedMs: 0,
      bytes: proposalBytes(txIds),
    });
    insertProposal(db, proposal(3, 1, [known.id, unknownTx]));
    const missing = (e: unknown) => e instanceof MeshError && e.code === 'MISSING_DATA';
    assert.throws(() => mesh.onHareOutput(21, [new Uint8Array(20).fill(3)]), missing);
    assert.throws(() => mesh.onHareOutput(21, [new Uint8Array(20).fill(1), new Uint8Array(20).fill(9)]), missing, 'an unknown proposal');
    assert.equal(getHareOutput(db, 21), null);
    assert.deepEqual(applied, [19, 20]);
    // Once the transaction is stored the same output builds a block listing both.
    const other = spend(alice, addressOf(signer('carol')), 6n, 1n);
    insertTransaction(db, { id: other.id, raw: other.raw, principal: addressOf(alice), nonce: 1n, receivedMs: 0 }, [addressOf(alice)]);
    insertProposal(db, proposal(4, 2, [other.id, known.id]));
    const blockId = mesh.onHareOutput(21, [new Uint8Array(20).fill(4)]);
    assert.ok(blockId instanceof Uint8Array);
    const block = decodeBlock(getBlockBytes(db, blockId)!);
    assert.deepEqual(block.txIds.map(bytesToHex).sort(), [known.id, other.id].map(bytesToHex).sort());
    assert.deepEqual(applied, [19, 20, 21]);
  });
});
