/**
 * The document-reference check: it finds `docs/….md §N` references in comments only, resolves files and numbered
 * sections, and refuses references to documents outside the repository while letting upstream files in a
 * folder named shared through.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFile, checkRefs, findDocRefs, findForbiddenRefs, listComments, sectionsOf } from '../../../build/checkDocRefs.js';

const DOCS: Record<string, string> = {
  'docs/protocol/post.md': '# PoST\n\n## 1. Init\n\n### 1.2 Labels\n\n## 2. Proving\n\n### 2.3 AES\n',
  'docs/architecture.md': '# Architecture\n\n## 3. Processes\n',
};
const sectionsIn = (path: string) => (path in DOCS ? sectionsOf(DOCS[path]!) : undefined);

describe('checkDocRefs', () => {
  it('reads numbered headings of every level', () => {
    assert.deepEqual([...sectionsOf(DOCS['docs/protocol/post.md']!)], ['1', '1.2', '2', '2.3']);
  });

  it('finds references with one section, several sections, a range, or none', () => {
    const text = 'see docs/protocol/post.md §2.3 and docs/protocol/post.md §1, §1.2; docs/architecture.md; post.md §2–3';
    assert.deepEqual(findDocRefs(text, 7), [
      { line: 7, path: 'docs/protocol/post.md', sections: ['2.3'] },
      { line: 7, path: 'docs/protocol/post.md', sections: ['1', '1.2'] },
      { line: 7, path: 'docs/architecture.md', sections: [] },
    ]);
    assert.deepEqual(findDocRefs('(docs/protocol/poet.md §2–4)')[0]!.sections, ['2', '4']);
  });

  it('reports a missing file and a missing section, and accepts what exists', () => {
    const refs = findDocRefs('docs/protocol/post.md §2.3, docs/protocol/post.md §9, docs/nope.md, docs/architecture.md §3');
    assert.deepEqual(
      checkRefs(refs, sectionsIn).map((p) => p.message),
      ['docs/protocol/post.md has no section 9', 'docs/nope.md does not exist'],
    );
  });

  it('refuses documents outside the repository', () => {
    for (const text of [
      '(spec spacemesh-node §2.1)',
      '(spec post-poet §1.2)',
      '(STYLE.md §5.2)',
      '(DESIGN.md "Data on disk")',
      'see ../shared/spec/post-poet.md',
      'see shared/spec/spacemesh-node.md §1',
      '(notes/stack.md §6c)',
      'the table in shared/foo.md',
    ]) {
      assert.ok(findForbiddenRefs(text).length > 0, text);
    }
  });

  it('lets upstream paths in a folder named shared through when the repository is named', () => {
    assert.deepEqual(findForbiddenRefs('(post `shared/post_metadata.go`, post-rs `src/metadata.rs`)'), []);
    assert.deepEqual(findForbiddenRefs('poet `hash/hash.go`, poet `shared/shared.go`; smapp `shared/types/wallet.ts`'), []);
    assert.deepEqual(findForbiddenRefs('RFC 9381 §5.4.5 and docs/protocol/post.md §2.3'), []);
  });

  it('reads comments only, with their lines', () => {
    const source = [
      '/** Labels (docs/protocol/post.md §1.2). */',
      "const s = 'DESIGN.md docs/protocol/post.md §9';",
      'f(); // docs/protocol/post.md §7',
    ].join('\n');
    assert.deepEqual(
      listComments('core/x.ts', source).map((c) => c.line),
      [1, 3],
    );
    assert.deepEqual(
      checkFile('core/x.ts', source, sectionsIn).map((p) => `${p.line}: ${p.message}`),
      ['3: docs/protocol/post.md has no section 7'],
    );
  });

  it('checks the whole text of a vector file', () => {
    const json = '{\n  "source": "post-rs src/prove.rs via shared/spec/post-poet.md §5"\n}';
    assert.equal(checkFile('test/vectors/x.json', json, sectionsIn).length, 1);
  });
});
