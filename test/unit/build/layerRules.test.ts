/**
 * The layer check: it must catch each forbidden import, and let the allowed ones through.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkLayers } from '../../../build/layerRules.js';

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
    assert.deepEqual(rulesBroken('renderer/app.ts', "import type { NodeApi } from '../core/api/contract.js';"), []);
    assert.deepEqual(rulesBroken('renderer/app.ts', "import { type NodeApi, type X } from '../core/api/contract.js';"), []);
    assert.deepEqual(rulesBroken('renderer/app.ts', "let a: import('../core/api/contract.js').NodeApi;"), []);
    assert.equal(rulesBroken('renderer/app.ts', "import { formatSmidge } from '../core/util/bytes.js';").length, 1);
    assert.equal(rulesBroken('renderer/app.ts', "import { type A, b } from '../core/x.js';").length, 1);
    assert.equal(rulesBroken('renderer/app.ts', "export { x } from '../core/x.js';").length, 1);
    assert.equal(rulesBroken('renderer/app.ts', "import { readFile } from 'node:fs';").length, 1);
    assert.equal(rulesBroken('renderer/app.ts', "import { readFile } from 'fs';").length, 1);
    assert.equal(rulesBroken('renderer/app.ts', "import { ipcRenderer } from 'electron';").length, 1);
  });

  it('let the preload see core/ only as types', () => {
    assert.deepEqual(rulesBroken('electron/preload/preload.ts', "import type { NodeApi } from '../../core/api/contract.js';"), []);
    assert.equal(rulesBroken('electron/preload/preload.ts', "import { dispatch } from '../../core/api/dispatch.js';").length, 1);
    assert.deepEqual(rulesBroken('electron/main/app.ts', "import { createNode } from '../../core/node/index.js';"), []);
  });
});
