/**
 * The receive screen's QR code: the matrix has the QR structure (finder patterns in three corners, timing
 * patterns, the size of the version an address needs) and the SVG path draws exactly the dark modules.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { qrMatrix, qrPath } from '../../../renderer/src/logic/qr.js';

const ADDRESS = 'stest1qqqqqqy0dd3h7d3w3vkv3h9fhqkv6y7nwpvqfsqpnh6z0';

/** The 7×7 finder pattern: a dark ring, a light ring, a dark 3×3 centre. */
function isFinder(m: boolean[][], top: number, left: number): boolean {
  for (let y = 0; y < 7; y++) {
    for (let x = 0; x < 7; x++) {
      const ring = Math.max(Math.abs(y - 3), Math.abs(x - 3));
      if (m[top + y]![left + x] !== (ring !== 2)) return false;
    }
  }
  return true;
}

/** Paints the path's rectangles back into a matrix. */
function paint(path: string, size: number, quiet: number): boolean[][] {
  const m = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let i = 0; i < Number(w); i++) m[Number(y) - quiet]![Number(x) - quiet + i] = true;
  }
  return m;
}

describe('QR code', () => {
  it('has the QR structure for an address', () => {
    const m = qrMatrix(ADDRESS);
    // 50 bytes at level M need version 4 (33×33) or more; versions are 17 + 4·v modules wide.
    assert.ok(m.length >= 33 && (m.length - 17) % 4 === 0, `size ${m.length}`);
    assert.ok(isFinder(m, 0, 0) && isFinder(m, 0, m.length - 7) && isFinder(m, m.length - 7, 0), 'finder patterns');
    assert.ok(!isFinder(m, m.length - 7, m.length - 7), 'no finder in the fourth corner');
    for (let i = 8; i < m.length - 8; i++) assert.equal(m[6]![i], i % 2 === 0, `timing module ${i}`);
    assert.notDeepEqual(qrMatrix(`${ADDRESS.slice(0, -1)}1`), m, 'another address, another code');
  });

  it('draws exactly the dark modules inside the quiet zone', () => {
    const m = qrMatrix(ADDRESS);
    const { path, viewBox } = qrPath(m);
    assert.equal(viewBox, m.length + 8);
    assert.deepEqual(paint(path, m.length, 4), m);
    assert.deepEqual(qrPath([[false, true, true], [true, false, true], [false, false, false]], 1), { path: 'M2 1h2v1h-2zM1 2h1v1h-1zM3 2h1v1h-1z', viewBox: 5 });
  });
});
