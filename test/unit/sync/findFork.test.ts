/**
 * Fork finding by mesh hashes (core/sync/findFork.ts) against a fake `mh/1` peer: the first differing layer of a
 * long history in a few requests, each within the server's limits; a peer whose answers contradict themselves or
 * have the wrong length is refused.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type MeshHashRequest, meshHashLayers } from '../../../core/fetch/index.js';
import { findFork } from '../../../core/sync/findFork.js';
import { SyncError } from '../../../core/sync/index.js';

const hashOf = (layer: number, side: number): Uint8Array => new Uint8Array(32).fill(side).fill(layer & 0xff, 0, 4).fill(layer >> 8, 4, 8);

/** A peer whose history parts from ours at `fork`. */
function peer(fork: number) {
  const asked: MeshHashRequest[] = [];
  return {
    asked,
    ours: (layer: number) => hashOf(layer, 1),
    ask(request: MeshHashRequest) {
      asked.push(request);
      return Promise.resolve(meshHashLayers(request).map((l) => hashOf(l, l < fork ? 1 : 2)));
    },
  };
}

describe('findFork', () => {
  for (const [agreed, differs, fork] of [
    [7, 2000, 1234],
    [7, 2000, 8],
    [7, 2000, 2000],
    [7, 9, 9],
    [7, 8, 8],
    [100, 105, 101],
  ] as const) {
    it(`finds layer ${fork} between ${agreed} and ${differs}`, async () => {
      const p = peer(fork);
      const found = await findFork({ agreed, differs, ours: p.ours, ask: (r) => p.ask(r) });
      assert.equal(found.fork, fork);
      assert.equal(found.requests, p.asked.length);
      assert.ok(found.requests <= 3, `${found.requests} requests`);
      for (const r of p.asked) assert.ok(meshHashLayers(r).length <= 100, 'at most 100 hashes a request');
    });
  }

  it('refuses a peer whose hashes contradict what it showed, or whose answer has the wrong length', async () => {
    const p = peer(50);
    // It differs at the layer both were said to agree on.
    await assert.rejects(findFork({ agreed: 60, differs: 90, ours: p.ours, ask: (r) => p.ask(r) }), (err: unknown) => err instanceof SyncError && err.code === 'NO_AGREEMENT');
    // It agrees at the layer it was said to differ on.
    await assert.rejects(findFork({ agreed: 7, differs: 40, ours: p.ours, ask: (r) => p.ask(r) }), (err: unknown) => err instanceof SyncError && err.code === 'NO_AGREEMENT');
    await assert.rejects(findFork({ agreed: 7, differs: 90, ours: p.ours, ask: () => Promise.resolve([hashOf(7, 1)]) }), /mesh hashes: 1 for/);
    await assert.rejects(findFork({ agreed: 7, differs: 7, ours: p.ours, ask: (r) => p.ask(r) }), RangeError);
  });
});
