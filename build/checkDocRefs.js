/**
 * `npm run lint` step: every document a source comment cites must be in this repository. It finds each
 * `docs/….md` and `docs/….md §N` reference in the comments of core/, electron/, renderer/, build/ and test/ (and in
 * the `source` fields of test/vectors/*.json), and fails when the file or the numbered section heading is missing,
 * or when a comment points at a document outside the repository (the old shared notes, their spec and style files).
 * Upstream files in a folder named shared (post `shared/post_metadata.go`) are allowed when the repository is named
 * just before them. The functions above `main` are pure; see docs/conventions.md §4.
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/**
 * @typedef {{ line: number, path: string, sections: string[] }} DocRef
 * @typedef {{ file: string, line: number, message: string }} Problem
 */

const SECTION = String.raw`\d+(?:\.\d+)*(?:–\d+(?:\.\d+)*)?`;
const DOC_REF_RE = new RegExp(String.raw`docs\/[\w./-]*?\.md((?:,?\s+§${SECTION})*)`, 'g');
const SECTION_RE = new RegExp(`§(${SECTION})`, 'g');

/** References to documents outside the repository, with what to say about each. */
const FORBIDDEN = [
  { re: /\.\.\/shared\b/, what: '../shared' },
  { re: /\bshared\/(?:spec|notes|hooks|STYLE|DESIGN|README)/, what: 'the shared/ notes' },
  { re: /\bspec spacemesh-node\b|\bspacemesh-node spec\b/, what: 'spec spacemesh-node' },
  { re: /\bspec post-poet\b|\bpost-poet spec\b/, what: 'spec post-poet' },
  { re: /\bSTYLE\.md\b/, what: 'STYLE.md' },
  { re: /\bDESIGN\.md\b/, what: 'DESIGN.md' },
  { re: /\bnotes\/(?:stack|desktop-apps)\.md\b/, what: 'the shared notes' },
];
/** Upstream repositories whose own files live in a folder named shared. */
const UPSTREAM_BEFORE_SHARED = /(?:\bpost|\bpoet|\bsmapp|go-spacemesh|post-rs|spacemeshos\/[\w.-]+)\s*`?$/;

/**
 * The text of every comment in a TypeScript or JavaScript source, each with the line it starts on.
 * @param {string} file  @param {string} source  @returns {{ line: number, text: string }[]}
 */
export function listComments(file, source) {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  /** @type {Map<number, { line: number, text: string }>} */
  const seen = new Map();
  const add = (/** @type {ts.CommentRange[] | undefined} */ ranges) => {
    for (const r of ranges ?? []) {
      if (!seen.has(r.pos)) {
        seen.set(r.pos, { line: sf.getLineAndCharacterOfPosition(r.pos).line + 1, text: source.slice(r.pos, r.end) });
      }
    }
  };
  const visit = (/** @type {ts.Node} */ node) => {
    add(ts.getLeadingCommentRanges(source, node.getFullStart()));
    add(ts.getTrailingCommentRanges(source, node.getEnd()));
    node.forEachChild(visit);
  };
  visit(sf);
  add(ts.getLeadingCommentRanges(source, sf.endOfFileToken.getFullStart()));
  return [...seen.values()].sort((a, b) => a.line - b.line);
}

/**
 * Every `docs/….md` reference in a text, with the sections it names (`§2.3`, `§2–3`).
 * @param {string} text  @param {number} [firstLine]  @returns {DocRef[]}
 */
export function findDocRefs(text, firstLine = 1) {
  /** @type {DocRef[]} */
  const refs = [];
  for (const m of text.matchAll(DOC_REF_RE)) {
    const tail = m[1] ?? '';
    const path = m[0].slice(0, m[0].length - tail.length);
    const sections = [...tail.matchAll(SECTION_RE)].flatMap((s) => (s[1] ?? '').split('–'));
    const line = firstLine + text.slice(0, m.index).split('\n').length - 1;
    refs.push({ line, path, sections });
  }
  return refs;
}

/**
 * References in a text to documents outside the repository.
 * @param {string} text  @param {number} [firstLine]  @returns {{ line: number, message: string }[]}
 */
export function findForbiddenRefs(text, firstLine = 1) {
  /** @type {{ line: number, message: string }[]} */
  const found = [];
  text.split('\n').forEach((lineText, i) => {
    for (const { re, what } of FORBIDDEN) {
      if (re.test(lineText)) found.push({ line: firstLine + i, message: `cites ${what}, which is not in the repository` });
    }
    for (const m of lineText.matchAll(/(?<![\w/.-])shared\//g)) {
      const before = lineText.slice(0, m.index);
      if (FORBIDDEN.some(({ re }) => re.test(lineText))) break;
      if (!UPSTREAM_BEFORE_SHARED.test(before)) {
        found.push({ line: firstLine + i, message: 'cites shared/ without naming the upstream repository it is in' });
      }
    }
  });
  return found;
}

/**
 * The numbered section headings of a Markdown document: `## 2. Title` gives "2", `### 2.3 Title` gives "2.3".
 * @param {string} markdown  @returns {Set<string>}
 */
export function sectionsOf(markdown) {
  /** @type {Set<string>} */
  const sections = new Set();
  for (const m of markdown.matchAll(/^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s/gm)) if (m[1] !== undefined) sections.add(m[1]);
  return sections;
}

/**
 * Checks references against the documents that exist.
 * @param {DocRef[]} refs  @param {(path: string) => Set<string> | undefined} sectionsIn  sections of a document, or
 *   undefined when the file does not exist
 * @returns {{ line: number, message: string }[]}
 */
export function checkRefs(refs, sectionsIn) {
  return refs.flatMap((ref) => {
    const sections = sectionsIn(ref.path);
    if (sections === undefined) return [{ line: ref.line, message: `${ref.path} does not exist` }];
    return ref.sections
      .filter((s) => !sections.has(s))
      .map((s) => ({ line: ref.line, message: `${ref.path} has no section ${s}` }));
  });
}

/**
 * Every problem in one file's text: comments for sources, the whole text for vector JSON.
 * @param {string} file  @param {string} source  @param {(path: string) => Set<string> | undefined} sectionsIn
 * @returns {Problem[]}
 */
export function checkFile(file, source, sectionsIn) {
  const chunks = file.endsWith('.json') ? [{ line: 1, text: source }] : listComments(file, source);
  return chunks.flatMap(({ line, text }) => [
    ...checkRefs(findDocRefs(text, line), sectionsIn),
    ...findForbiddenRefs(text, line),
  ]).map((p) => ({ file, ...p }));
}

const ROOT = join(import.meta.dirname, '..');
const FOLDERS = ['core', 'electron', 'renderer', 'build', 'test'];

/** @param {string} dir @returns {string[]} */
function sources(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sources(path);
    if (/\.(ts|tsx|js|mjs|cjs)$/.test(name)) return [path];
    return /^test[\\/]vectors[\\/][^\\/]+\.json$/.test(relative(ROOT, path)) ? [path] : [];
  });
}

function main() {
  /** @type {Map<string, Set<string> | undefined>} */
  const cache = new Map();
  const sectionsIn = (/** @type {string} */ path) => {
    if (!cache.has(path)) {
      const full = join(ROOT, path);
      cache.set(path, existsSync(full) && statSync(full).isFile() ? sectionsOf(readFileSync(full, 'utf8')) : undefined);
    }
    return cache.get(path);
  };
  const files = FOLDERS.flatMap((f) => sources(join(ROOT, f)));
  const problems = files.flatMap((path) =>
    checkFile(relative(ROOT, path).split('\\').join('/'), readFileSync(path, 'utf8'), sectionsIn),
  );
  for (const p of problems) console.error(`${p.file}:${p.line}: ${p.message}`);
  if (problems.length > 0) {
    console.error(`checkDocRefs: ${problems.length} reference(s) do not resolve inside the repository`);
    process.exit(1);
  }
  console.log(`checkDocRefs: ${files.length} files, every document reference resolves`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
