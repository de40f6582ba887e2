/**
 * The layer rules of docs/conventions.md §1, as data plus one pure checker over a file's source text.
 *
 * - `core/` is plain Node: it never imports electron, react, zustand, or anything under renderer/ or electron/.
 * - `renderer/` is the browser: no Node builtins, no electron, and core/ only through `import type`.
 * - `electron/preload/` sees core/ only through `import type` (the contract), like the renderer.
 * @module
 */
import { builtinModules } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';

const UI_PACKAGES = ['electron', 'react', 'react-dom', 'zustand'];
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * @typedef {{ specifier: string, typeOnly: boolean, line: number }} ImportRef
 * @typedef {{ file: string, line: number, specifier: string, rule: string }} Violation
 */

/**
 * The floors of core/, ground up, each with its folders in their allowed-dependency order: a folder may import the
 * folders before it (on its floor or a lower one), never one after it. `core/api/` is split by role, so its
 * subfolders are units of their own ({@link SPLIT_FOLDERS}). Folders listed but not there yet (fetch, malfeasance,
 * sync) keep their place for the network work. A core folder not listed here fails the check: place it first.
 */
export const FLOORS = [
  { name: 'primitives', units: ['util', 'codec', 'crypto', 'db', 'types', 'params'] },
  {
    name: 'protocol components',
    // p2p and fetch sit right above the primitives: handlers stay transport-free, the transport knows no handler.
    units: [
      'p2p', 'fetch', 'post', 'poet', 'rewards', 'beacon', 'vm', 'activation', 'tortoise', 'mempool', 'wallet',
      'proposals', 'hare', 'malfeasance', 'blocks', 'mesh', 'sync',
    ],
  },
  { name: 'composition root', units: ['api/contract', 'node', 'api/service'] },
  { name: 'hosts', units: ['api/server', 'bench', 'bin'] },
];

/** core/ folders whose subfolders are the units (`core/api/contract`, not `core/api`). */
export const SPLIT_FOLDERS = ['api'];

/** @type {Map<string, { floor: number, floorName: string, rank: number }>} */
const PLACES = new Map(
  FLOORS.flatMap((floor, f) => floor.units.map((unit) => [unit, { floor: f, floorName: floor.name, rank: 0 }])),
);
[...PLACES.values()].forEach((place, i) => (place.rank = i));

/**
 * The floor unit of a path under core/ (`core/vm/x.ts` -> `vm`, `core/api/server/host.ts` -> `api/server`), or
 * undefined outside core/.
 * @param {string} path  repository-relative, forward slashes
 */
export function coreUnit(path) {
  const parts = path.split(/[\\/]/);
  if (parts[0] !== 'core' || parts.length < 3) return parts[0] === 'core' && parts.length === 2 ? '.' : undefined;
  if (SPLIT_FOLDERS.includes(parts[1] ?? '') && parts.length > 3) return `${parts[1]}/${parts[2]}`;
  return parts[1];
}

/** `core/vm/`, or `core/ (top level)` for a file directly in core/. @param {string} unit */
export function folder(unit) {
  return unit === '.' ? 'core/ (top level)' : `core/${unit}/`;
}

/** `floor 2 (protocol components)`: floors count from 1, the primitives. @param {string} unit */
function describePlace(unit) {
  const place = PLACES.get(unit);
  return place === undefined ? 'no floor' : `floor ${place.floor + 1} (${place.floorName})`;
}

/**
 * The floor rule for one import from core unit `from` to core unit `to`: undefined when allowed, else the rule broken.
 * @param {string} from  @param {string} to  @returns {string | undefined}
 */
export function floorRule(from, to) {
  if (from === to) return undefined;
  const a = PLACES.get(from);
  const b = PLACES.get(to);
  if (a === undefined) return `${folder(from)} is on no floor: give it a place in FLOORS (build/layerRules.js)`;
  if (b === undefined) return `${folder(to)} is on no floor: give it a place in FLOORS (build/layerRules.js)`;
  if (b.floor > a.floor) {
    return `upward import: ${folder(from)} on ${describePlace(from)} must not import ${folder(to)} on ${describePlace(to)}`;
  }
  if (b.rank > a.rank) {
    return `upward import: ${folder(from)} must not import ${folder(to)}, which comes after it on ${describePlace(from)}`;
  }
  return undefined;
}

/**
 * Every cycle among core units in an import graph, each as its units in order (`['a', 'b']` for a -> b -> a);
 * one cycle per strongly connected component, which is enough to name the tangle.
 * @param {ReadonlyMap<string, ReadonlySet<string>>} edges  unit -> units it imports
 * @returns {string[][]}
 */
export function findCycles(edges) {
  /** @type {Map<string, number>} */ const index = new Map();
  /** @type {Map<string, number>} */ const low = new Map();
  /** @type {string[]} */ const stack = [];
  const onStack = new Set();
  /** @type {string[][]} */ const cycles = [];
  let next = 0;
  const visit = (/** @type {string} */ v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (w === v) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      /** @type {string[]} */ const component = [];
      let w;
      do {
        w = /** @type {string} */ (stack.pop());
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(pathThrough(edges, new Set(component), v));
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

/** One cycle from `start` back to it, inside `component`. @param {ReadonlyMap<string, ReadonlySet<string>>} edges @param {Set<string>} component @param {string} start */
function pathThrough(edges, component, start) {
  /** @type {Map<string, string>} */ const parent = new Map();
  const queue = [start];
  while (queue.length > 0) {
    const v = /** @type {string} */ (queue.shift());
    for (const w of [...(edges.get(v) ?? [])].sort()) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(/** @type {string} */ (parent.get(path[0] ?? '')));
        return path;
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/** @param {string} specifier */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Every module reference in a file: static imports and re-exports (with their type-only flag), dynamic `import()`
 * and `require()`, which are never type-only.
 * @param {string} file  @param {string} source  @returns {ImportRef[]}
 */
export function listImports(file, source) {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  /** @type {ImportRef[]} */
  const refs = [];
  const lineOf = (/** @type {ts.Node} */ node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const visit = (/** @type {ts.Node} */ node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allNamedTypeOnly =
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly) &&
        clause?.name === undefined;
      refs.push({
        specifier: node.moduleSpecifier.text,
        typeOnly: clause !== undefined && (clause.isTypeOnly || allNamedTypeOnly),
        line: lineOf(node),
      });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause;
      const allNamedTypeOnly =
        named !== undefined && ts.isNamedExports(named) && named.elements.every((e) => e.isTypeOnly);
      refs.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly || allNamedTypeOnly, line: lineOf(node) });
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      refs.push({ specifier: node.arguments[0].text, typeOnly: false, line: lineOf(node) });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      refs.push({ specifier: node.argument.literal.text, typeOnly: true, line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

/** The repository path a relative specifier lands on, or undefined for a package. @param {string} file @param {string} specifier */
function targetPath(file, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  return normalize(join(dirname(file), specifier)).split('\\').join('/');
}

/**
 * The core units `file` imports (for the cycle check), from its source text.
 * @param {string} file  @param {string} source  @returns {Set<string>}
 */
export function coreImports(file, source) {
  /** @type {Set<string>} */
  const units = new Set();
  for (const { specifier } of listImports(file, source)) {
    const path = targetPath(file, specifier);
    const unit = path === undefined ? undefined : coreUnit(path);
    if (unit !== undefined) units.add(unit);
  }
  return units;
}

/**
 * Checks one file, given by its path relative to the repository root (forward slashes).
 * @param {string} file  @param {string} source  @returns {Violation[]}
 */
export function checkLayers(file, source) {
  const layer = file.split('/')[0];
  const isPreload = file.startsWith('electron/preload/');
  const fromUnit = coreUnit(file);
  /** @type {Violation[]} */
  const violations = [];
  for (const { specifier, typeOnly, line } of listImports(file, source)) {
    const path = targetPath(file, specifier);
    const target = path?.split('/')[0];
    const pkg = target === undefined ? packageName(specifier) : undefined;
    const flag = (/** @type {string} */ rule) => violations.push({ file, line, specifier, rule });
    if (layer === 'core') {
      if (pkg !== undefined && UI_PACKAGES.includes(pkg)) flag(`core/ must not import ${pkg}`);
      if (target === 'renderer' || target === 'electron') flag(`core/ must not import ${target}/`);
      const toUnit = path === undefined ? undefined : coreUnit(path);
      const floor = fromUnit === undefined || toUnit === undefined ? undefined : floorRule(fromUnit, toUnit);
      if (floor !== undefined) flag(floor);
    } else if (layer === 'renderer') {
      if (pkg !== undefined && (NODE_BUILTINS.has(specifier) || pkg === 'electron')) {
        flag(`renderer/ runs in the browser: no ${specifier}`);
      }
      if (target === 'core' && !typeOnly) flag('renderer/ may import core/ only with `import type`');
      if (target === 'electron') flag('renderer/ must not import electron/');
    } else if (isPreload && target === 'core' && !typeOnly) {
      flag('electron/preload/ may import core/ only with `import type`');
    }
  }
  return violations;
}
