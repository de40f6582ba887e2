/**
 * `npm test`: runs every test layer that exists with node's test runner, listing files explicitly because Node 20
 * neither globs nor finds .ts files in a directory (and would then report 0 tests and exit 0).
 *
 * Usage: node build/runTests.js [layer ...]   layers: unit (default set), sim, e2e
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
/** Layers run by a bare `npm test`, in order: fast ones first so a failure shows early. */
const DEFAULT_LAYERS = ['unit', 'sim', 'e2e'];

/** @param {string} dir @returns {string[]} */
function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return /\.test\.ts$/.test(name) ? [relative(ROOT, path)] : [];
  });
}

const layers = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_LAYERS;
const files = layers.flatMap((layer) => findTests(join(ROOT, 'test', layer))).sort();
if (files.length === 0) {
  console.error(`no test files found under test/{${layers.join(',')}}`);
  process.exit(1);
}

// The browser tests drive renderer/dist: build it once from the current sources before the files run in parallel
// (each file building it would race on the same folder).
const env = { ...process.env };
if (files.some((f) => f.startsWith(join('test', 'e2e')))) {
  const build = spawnSync('npm', ['run', 'build:ui'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  env.SMESHER_RENDERER_BUILT = '1';
}

// --test-force-exit: a file whose tests have all finished ends even if a failed test left a node, timer or socket
// open (its close hook never ran); otherwise that one file keeps the whole run, and CI, waiting forever.
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-force-exit', '--test-reporter=spec', ...files], {
  cwd: ROOT,
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
