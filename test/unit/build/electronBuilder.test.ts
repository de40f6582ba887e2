/**
 * The packaging config (build/electron-builder.yml) against what the app loads at run time, without running
 * electron-builder (it needs the network): every file the Electron host, its utility process, the workers and the
 * node read by path is in `files` and not excluded, every native `.node` file is unpacked from the asar (with
 * esbuild's binary, which tsx runs), better-sqlite3 is rebuilt for Electron's ABI, and `npm run dist` builds the
 * preload and the renderer before it packs. Parsed and matched with the YAML reader and glob matcher electron-builder
 * itself depends on (app-builder-lib: js-yaml, minimatch).
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { minimatch } from 'minimatch';
import { PATHS } from '../../../electron/main/app.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  readonly files: readonly string[];
  readonly asarUnpack: readonly string[];
  readonly npmRebuild: boolean;
  readonly directories: { readonly output: string };
}

const config = yaml.load(readFileSync(join(ROOT, 'build', 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** electron-builder's rule: a file is in when the last pattern that matches it is not a negation. */
function packed(file: string): boolean {
  let inside = false;
  for (const pattern of config.files) {
    const negated = pattern.startsWith('!');
    if (minimatch(file, negated ? pattern.slice(1) : pattern, { dot: true })) inside = !negated;
  }
  return inside;
}

const unpacked = (file: string): boolean => config.asarUnpack.some((p) => minimatch(file, p, { dot: true }));

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [relative(ROOT, path)];
  });
}

describe('electron-builder config', () => {
  it('packs every file the app reads at run time', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    const needed = [
      'package.json',
      pkg.main,
      'electron/main/main.ts',
      ...[PATHS.preload, PATHS.proverEntry, PATHS.icon].map((p) => relative(ROOT, p)),
      join(relative(ROOT, PATHS.renderer), 'index.html'),
      'electron/utility/prover.worker.ts',
      'core/post/kernel/romix.wasm',
      'core/post/labels.worker.ts',
      'core/post/prove.worker.ts',
      'core/post/prover.worker.ts',
      'core/poet/roundWork.worker.ts',
      'core/db/migrations/state/0001_activation.sql',
      'native/build/Release/aes_scan.node',
      'native/build/Release/poet_chain.node',
    ];
    for (const file of needed) {
      assert.ok(packed(file), `${file} is not in files`);
      // Build outputs (the preload, the renderer, the addons) exist once built; everything else is in the tree.
      if (!/^(out|renderer\/dist|native\/build)\//.test(file)) assert.ok(existsSync(join(ROOT, file)), `${file} does not exist: the list above is stale`);
    }
    // Every source and data file of the node and the host, as they are in the tree.
    const sources = [...walk(join(ROOT, 'core')), ...walk(join(ROOT, 'electron')), ...walk(join(ROOT, 'renderer', 'dist'))];
    assert.ok(sources.length > 300, 'the tree has its sources');
    for (const file of sources) assert.ok(packed(file), `${file} is not in files`);
  });

  it('leaves out tests, docs and the renderer sources', () => {
    for (const file of ['test/unit/vectors.test.ts', 'docs/architecture.md', 'renderer/src/App.tsx', 'core/x.test.ts', 'build/electron-builder.yml']) {
      assert.equal(packed(file), false, file);
    }
  });

  it('unpacks every native addon and binary from the asar, and the sources tsx compiles', () => {
    const natives = [...walk(join(ROOT, 'native', 'build', 'Release')), ...walk(join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release'))].filter((f) => f.endsWith('.node'));
    assert.ok(natives.some((f) => f.endsWith('better_sqlite3.node')), 'better-sqlite3 is built');
    for (const file of natives) assert.ok(unpacked(file), `${file} is not unpacked`);
    for (const file of ['node_modules/@esbuild/linux-x64/bin/esbuild', 'node_modules/esbuild/bin/esbuild', 'core/post/labels.worker.ts', 'core/post/kernel/romix.wasm', 'core/db/migrations/state/0001_activation.sql', 'electron/utility/bootstrap.js']) {
      assert.ok(unpacked(file), `${file} is not unpacked`);
    }
    assert.equal(unpacked('renderer/dist/index.html'), false, 'the renderer stays in the archive');
  });

  it('rebuilds better-sqlite3 for Electron and builds the preload and the renderer before packing', () => {
    assert.equal(config.npmRebuild, true);
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const steps = scripts['dist']!.split('&&').map((s) => s.trim());
    const builder = steps.findIndex((s) => s.startsWith('electron-builder'));
    assert.ok(builder > 0 && steps[builder]!.includes('--config build/electron-builder.yml'), scripts['dist']);
    for (const before of ['node build/buildPreload.js', 'npm run build:ui']) {
      const at = steps.indexOf(before);
      assert.ok(at >= 0 && at < builder, `dist runs ${before} before electron-builder`);
    }
  });
});
