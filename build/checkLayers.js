/**
 * `npm run lint` step: applies build/layerRules.js to every source file and fails on any violation.
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkLayers } from './layerRules.js';

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
const violations = files.flatMap((path) =>
  checkLayers(relative(ROOT, path).split('\\').join('/'), readFileSync(path, 'utf8')),
);
for (const v of violations) console.error(`${v.file}:${v.line}: ${v.rule} (imports '${v.specifier}')`);
if (violations.length > 0) {
  console.error(`layer check: ${violations.length} violation(s)`);
  process.exit(1);
}
console.log(`layer check: ${files.length} files, no violations`);
