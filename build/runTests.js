/**
 * `npm test`: runs every test layer that exists with node's test runner, listing files explicitly because Node 20
 * neither globs nor finds .ts files in a directory (and would then report 0 tests and exit 0).
 *
 * The browser tests and the unit layer run side by side, then the multi-process sims alone (see below): on a 2-core
 * CI machine that keeps the whole run well under half an hour.
 *
 * Usage: node build/runTests.js [layer ...]   layers: unit (default set), sim, e2e
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

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
const ARGS = ['--import', 'tsx', '--test', '--test-force-exit', '--test-reporter=spec'];

/**
 * Runs `group` in one test runner; its output is streamed, or held and printed whole when `quiet` (a parallel run).
 * @param {string[]} group
 * @param {boolean} quiet
 * @returns {Promise<number>}
 */
function runGroup(group, quiet) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...ARGS, ...group], { cwd: ROOT, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    /** @type {Buffer[]} */
    const out = [];
    if (quiet) {
      child.stdout?.on('data', (/** @type {Buffer} */ chunk) => out.push(chunk));
      child.stderr?.on('data', (/** @type {Buffer} */ chunk) => out.push(chunk));
    }
    child.on('close', (code) => {
      if (quiet) process.stdout.write(Buffer.concat(out));
      resolve(code ?? 1);
    });
  });
}

const inLayer = (/** @type {string} */ layer) => files.filter((f) => f.startsWith(join('test', layer) + sep));
/**
 * Sims that check what a node signed and applied, never how fast: the twenty kills of one standalone node (about six
 * minutes). They run after the unit layer, beside the browser tests, which keeps the whole run on CI's two cores
 * under half an hour.
 */
const BESIDE_BROWSER = [join('test', 'sim', 'kill.test.ts')];
// The browser tests and the unit layer run side by side (the unit layer's output is printed when it ends): neither
// times anything, and together they take the time of the longer. The multi-process sims wait on real clocks with
// several nodes each, so they run alone, after both.
const unit = inLayer('unit');
const e2e = inLayer('e2e');
const beside = files.filter((f) => BESIDE_BROWSER.includes(f));
const rest = files.filter((f) => !unit.includes(f) && !e2e.includes(f) && !beside.includes(f));
const quiet = e2e.length > 0;
/** @returns {Promise<number>} */
const unitThenBeside = async () => {
  const u = unit.length > 0 ? await runGroup(unit, quiet) : 0;
  const b = beside.length > 0 ? await runGroup(beside, quiet) : 0;
  return u !== 0 ? u : b;
};
const first = await Promise.all([e2e.length > 0 ? runGroup(e2e, false) : 0, unitThenBeside()]);
const last = rest.length > 0 ? await runGroup(rest, false) : 0;
process.exit([...first, last].find((code) => code !== 0) ?? 0);
