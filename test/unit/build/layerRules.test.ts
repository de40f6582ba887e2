/**
 * The layer check: it must catch each forbidden import (packages, type-only rules, imports up the floors of core/,
 * cycles between core folders), and let the allowed ones through.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FLOORS, checkLayers, coreUnit, findCycles } from '../../../build/layerRules.js';

const rulesBroken = (file: string, source: string) => checkLayers(file, source).map((v) => v.rule);

describe('layer rules', () => {
  it('keep core/ free of electron, react and the UI folders', () => {
    assert.equal(rulesBroken('core/node/x.ts', "import { app } from 'electron';").length, 1);
    assert.equal(rulesBroken('core/node/x.ts', "import React from 'react';").length, 1);
    assert.equal(rulesBroken('core/node/x.ts', "import { create } from 'zustand/vanilla';").length, 1);
    assert.equal(rulesBroken('core/node/x.ts', "export { x } from '../../renderer/app.js';").length, 1);
    assert.equal(rulesBroken('core/node/x.ts', "const e = await import('electron');").length, 1);
    assert.equal(rulesBroken('core/node/x.ts', "const e = require('../../electron/main/app.js');").length, 1);
    assert.deepEqual(rulesBroken('core/node/x.ts', "import { readFile } from 'node:fs';\nimport { x } from '../codec/index.js';"), []);
  });

  it('let renderer/ see core/ only as types, and no Node', () => {
    assert.deepEqual(rulesBroken('renderer/app.ts', "import type { NodeApi } from '../core/api/contract/contract.js';"), []);
    assert.deepEqual(rulesBroken('renderer/app.ts', "import { type NodeApi, type X } from '../core/api/contract/contract.js';"), []);
    assert.deepEqual(rulesBroken('renderer/app.ts', "let a: import('../core/api/contract/contract.js').NodeApi;"), []);
    assert.equal(rulesBroken('renderer/app.ts', "import { formatSmidge } from '../core/util/bytes.js';").length, 1);
    assert.equal(rulesBroken('renderer/app.ts', "import { type A, b } from '../core/x.js';").length, 1);
    assert.equal(rulesBroken('renderer/app.ts', "export { x } from '../core/x.js';").length, 1);
    assert.equal(rulesBroken('renderer/app.ts', "import { readFile } from 'node:fs';").length, 1);
    assert.equal(rulesBroken('renderer/app.ts', "import { readFile } from 'fs';").length, 1);
    assert.equal(rulesBroken('renderer/app.ts', "import { ipcRenderer } from 'electron';").length, 1);
  });

  it('let the preload see core/ only as types', () => {
    assert.deepEqual(rulesBroken('electron/preload/preload.ts', "import type { NodeApi } from '../../core/api/contract/contract.js';"), []);
    assert.equal(rulesBroken('electron/preload/preload.ts', "import { dispatch } from '../../core/api/service/dispatch.js';").length, 1);
    assert.deepEqual(rulesBroken('electron/main/app.ts', "import { createNode } from '../../core/node/node.js';"), []);
  });

  it('let a core folder import only folders below it: lower floors, or earlier on its own floor', () => {
    assert.deepEqual(rulesBroken('core/mesh/x.ts', "import { applyLayer } from '../vm/vm.js';"), []);
    assert.deepEqual(rulesBroken('core/vm/x.ts', "import { splitLayerReward } from '../rewards/split.js';"), []);
    assert.deepEqual(rulesBroken('core/node/x.ts', "import { Proposer } from '../proposals/proposer.js';"), []);
    assert.deepEqual(rulesBroken('core/api/service/x.ts', "import type { SmesherNode } from '../../node/node.js';"), []);
    assert.deepEqual(rulesBroken('core/api/server/x.ts', "import { createApiService } from '../service/service.js';"), []);
    assert.deepEqual(rulesBroken('core/bin/commands/x.ts', "import { startNodeHost } from '../../api/server/host.js';"), []);
    assert.deepEqual(rulesBroken('core/post/kernel/x.ts', "import { PostError } from '../errors.js';"), [], 'inside one folder');
  });

  it('fail an import up the floors, naming both folders and floors', () => {
    assert.deepEqual(rulesBroken('core/db/x.ts', "import { getAccount } from '../vm/vm.js';"), [
      'upward import: core/db/ on floor 1 (primitives) must not import core/vm/ on floor 2 (protocol components)',
    ]);
    assert.deepEqual(rulesBroken('core/api/service/x.ts', "import { startNodeHost } from '../server/host.js';"), [
      'upward import: core/api/service/ on floor 3 (composition root) must not import core/api/server/ on floor 4 (hosts)',
    ]);
    // Type-only imports, re-exports and dynamic imports are dependencies too.
    assert.equal(rulesBroken('core/vm/x.ts', "import type { SmesherNode } from '../node/node.js';").length, 1);
    assert.equal(rulesBroken('core/vm/x.ts', "export { createNode } from '../node/node.js';").length, 1);
    assert.equal(rulesBroken('core/vm/x.ts', "const m = await import('../node/node.js');").length, 1);
  });

  it('fail an import up the order within the protocol floor (the arrow that ran from rewards/ to mesh/)', () => {
    assert.deepEqual(rulesBroken('core/rewards/x.ts', "import { getMeshLayer } from '../mesh/store.js';"), [
      'upward import: core/rewards/ must not import core/mesh/, which comes after it on floor 2 (protocol components)',
    ]);
    assert.equal(rulesBroken('core/vm/x.ts', "import { maxGas } from '../wallet/gas.js';").length, 1);
  });

  it('fail a folder that has no place on the floors', () => {
    assert.deepEqual(rulesBroken('core/gossip/x.ts', "import { assert } from '../util/assert.js';"), [
      'core/gossip/ is on no floor: give it a place in FLOORS (build/layerRules.js)',
    ]);
    assert.equal(rulesBroken('core/node/x.ts', "import { x } from '../api/index.js';").length, 1, 'api/ is split by role');
  });

  it('place each folder once and split api/ by role', () => {
    const units = FLOORS.flatMap((f) => f.units);
    assert.equal(new Set(units).size, units.length);
    assert.equal(coreUnit('core/api/server/host.ts'), 'api/server');
    assert.equal(coreUnit('core/post/kernel/labels.ts'), 'post');
    assert.equal(coreUnit('renderer/app.ts'), undefined);
  });

  it('find cycles between folders, and none in a graph that only goes down', () => {
    const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));
    assert.deepEqual(findCycles(graph({ mesh: ['vm', 'blocks'], blocks: ['rewards'], vm: ['rewards'], rewards: [] })), []);
    assert.deepEqual(findCycles(graph({ vm: ['rewards'], rewards: ['blocks'], blocks: ['vm'], mesh: ['vm'] })), [['blocks', 'vm', 'rewards']]);
    assert.deepEqual(findCycles(graph({ a: ['b'], b: ['a'], c: ['d'], d: ['c'] })).length, 2);
  });
});
