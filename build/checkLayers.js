/**
 * `npm run lint` step: applies build/layerRules.js to every source file (forbidden packages, type-only rules, the
 * floors of core/) and to the graph of core folders (no cycles), and fails on any violation.
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkLayers, coreImports, coreUnit, findCycles, folder } from './layerRules.js';

const ROOT = join(import.meta.dirname, '..');
const LAYERS = ['core', 'renderer', 'electron'];

/** @param {string} dir @returns {string[]} */
function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

const files = LAYERS.flatMap((layer) => sources(join(ROOT, layer)));
/** @type {Map<string, Set<string>>} core unit -> the core units its files import */
const graph = new Map();
const violations = files.flatMap((path) => {
  const file = relative(ROOT, path).split('\\').join('/');
  const source = readFileSync(path, 'utf8');
  const unit = coreUnit(file);
  if (unit !== undefined) {
    const targets = graph.get(unit) ?? new Set();
    for (const target of coreImports(file, source)) if (target !== unit) targets.add(target);
    graph.set(unit, targets);
  }
  return checkLayers(file, source);
});
for (const v of violations) console.error(`${v.file}:${v.line}: ${v.rule} (imports '${v.specifier}')`);
const cycles = findCycles(graph);
for (const cycle of cycles) {
  console.error(`core/: import cycle between folders: ${[...cycle, cycle[0]].map((u) => folder(u ?? '')).join(' -> ')}`);
}
if (violations.length + cycles.length > 0) {
  console.error(`layer check: ${violations.length} violation(s), ${cycles.length} cycle(s)`);
  process.exit(1);
}
console.log(`layer check: ${files.length} files, no violations`);
