/**
 * Builds the Electron preload: a sandboxed preload is one classic script that may `require('electron')` and
 * nothing else, so electron/preload/preload.ts (which has no runtime imports) is transpiled to CommonJS and wrapped
 * in a function scope with its own `exports`. Output: out/preload.cjs. Used by `npm start` before Electron runs.
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..');
const SOURCE = join(ROOT, 'electron', 'preload', 'preload.ts');
export const PRELOAD_OUT = join(ROOT, 'out', 'preload.cjs');

/**
 * Transpiles the preload source. Throws when it gained a runtime import (a sandboxed preload could not load it).
 * @param {string} source
 * @returns {string}
 */
export function transpilePreload(source) {
  const { outputText, diagnostics } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false, removeComments: false },
    reportDiagnostics: true,
    fileName: 'preload.ts',
  });
  if (diagnostics !== undefined && diagnostics.length > 0) throw new Error(`preload: ${ts.flattenDiagnosticMessageText(diagnostics[0]?.messageText ?? '', '\n')}`);
  const requires = [...outputText.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
  const foreign = requires.filter((r) => r !== 'electron');
  if (foreign.length > 0) throw new Error(`preload must not import at run time: ${foreign.join(', ')}`);
  return `"use strict";\n(function () {\nvar exports = {};\n${outputText}\n})();\n`;
}

if (process.argv[1] === import.meta.filename) {
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  writeFileSync(PRELOAD_OUT, transpilePreload(readFileSync(SOURCE, 'utf8')));
  console.log(`[smesher] preload built: ${PRELOAD_OUT}`);
}
