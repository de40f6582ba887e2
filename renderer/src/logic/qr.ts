/**
 * A QR code of an address as one SVG path (qrcode-generator builds the matrix): React renders it as an element,
 * so it works under the page's `img-src`/`style-src 'self'` CSP where a data: image or injected markup would not.
 * Byte mode and error correction M: a 48-character address fits a 37×37 code that phone cameras read at arm's
 * length. Pure.
 * @module
 */
import qrcode from 'qrcode-generator';

/** The dark modules of `text`'s QR code, row by row. */
export function qrMatrix(text: string): boolean[][] {
  const code = qrcode(0, 'M');
  code.addData(text, 'Byte');
  code.make();
  const size = code.getModuleCount();
  return Array.from({ length: size }, (_, row) => Array.from({ length: size }, (_, col) => code.isDark(row, col)));
}

/**
 * An SVG path with one unit square per dark module, offset by a `quiet`-module margin (the standard asks for 4),
 * and the view box it needs: `0 0 size+2·quiet size+2·quiet`. Runs of dark modules in a row share one rectangle.
 */
export function qrPath(matrix: readonly (readonly boolean[])[], quiet = 4): { path: string; viewBox: number } {
  const parts: string[] = [];
  matrix.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      const start = x;
      while (x + 1 < row.length && row[x + 1]) x++;
      parts.push(`M${start + quiet} ${y + quiet}h${x - start + 1}v1h-${x - start + 1}z`);
    }
  });
  return { path: parts.join(''), viewBox: matrix.length + 2 * quiet };
}
