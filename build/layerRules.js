/**
 * The layer rules of DESIGN.md / STYLE.md §5.1, as data plus one pure checker over a file's source text.
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

/** The top-level folder a relative specifier lands in, or undefined for a package. @param {string} file @param {string} specifier */
function targetLayer(file, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  return normalize(join(dirname(file), specifier)).split(/[\\/]/)[0];
}

/**
 * Checks one file, given by its path relative to the repository root (forward slashes).
 * @param {string} file  @param {string} source  @returns {Violation[]}
 */
export function checkLayers(file, source) {
  const layer = file.split('/')[0];
  const isPreload = file.startsWith('electron/preload/');
  /** @type {Violation[]} */
  const violations = [];
  for (const { specifier, typeOnly, line } of listImports(file, source)) {
    const target = targetLayer(file, specifier);
    const pkg = target === undefined ? packageName(specifier) : undefined;
    const flag = (/** @type {string} */ rule) => violations.push({ file, line, specifier, rule });
    if (layer === 'core') {
      if (pkg !== undefined && UI_PACKAGES.includes(pkg)) flag(`core/ must not import ${pkg}`);
      if (target === 'renderer' || target === 'electron') flag(`core/ must not import ${target}/`);
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
