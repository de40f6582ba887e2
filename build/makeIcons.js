/**
 * Generates the app's mark from one geometry: three nodes of a mesh joined in a triangle, green on a dark rounded
 * square (the dark theme's panel and accent colours in renderer/src/styles.css). It writes the app icon,
 * build/icons/icon.png (512×512 RGBA; electron-builder derives the platform formats, ico and icns, from it, and the
 * Electron window and tray use it), and the renderer's favicon, renderer/public/favicon.svg with a 32×32 PNG beside
 * it (Vite copies renderer/public into the build). No image tools: PNG chunks are written by hand with node:zlib and
 * pixels are the SVG's shapes sampled 4×4 per pixel.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
/** The mark on a 64×64 grid. */
const GRID = 64;
const CORNER = 14;
const BACKGROUND = [0x11, 0x14, 0x18];
const GREEN = [0x3c, 0xcf, 0x91];
/** @type {ReadonlyArray<readonly [number, number]>} */
const NODES = [
  [32, 17],
  [14.5, 47],
  [49.5, 47],
];
const NODE_RADIUS = 7;
const EDGE_WIDTH = 4;

/** @param {number[]} rgb */
const hex = (rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/** The favicon: the mark as SVG text. @returns {string} */
export function iconSvg() {
  const [a, b, c] = /** @type {[readonly [number, number], readonly [number, number], readonly [number, number]]} */ (NODES);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${GRID} ${GRID}">`,
    `<rect width="${GRID}" height="${GRID}" rx="${CORNER}" fill="${hex(BACKGROUND)}"/>`,
    `<path d="M${a[0]} ${a[1]}L${b[0]} ${b[1]}L${c[0]} ${c[1]}Z" fill="none" stroke="${hex(GREEN)}" stroke-width="${EDGE_WIDTH}" stroke-linejoin="round"/>`,
    ...NODES.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="${NODE_RADIUS}" fill="${hex(GREEN)}"/>`),
    '</svg>',
    '',
  ].join('\n');
}

/** Distance from (px, py) to the segment (ax, ay)–(bx, by). @param {number} px @param {number} py @param {readonly [number, number]} a @param {readonly [number, number]} b */
function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The mark's colour at grid point (u, v), or undefined outside it. @param {number} u @param {number} v @returns {number[] | undefined} */
function sample(u, v) {
  const ex = Math.max(CORNER - u, 0, u - (GRID - CORNER));
  const ey = Math.max(CORNER - v, 0, v - (GRID - CORNER));
  if (u < 0 || v < 0 || u > GRID || v > GRID || ex * ex + ey * ey > CORNER * CORNER) return undefined;
  if (NODES.some(([x, y]) => Math.hypot(u - x, v - y) <= NODE_RADIUS)) return GREEN;
  for (let i = 0; i < NODES.length; i++) {
    if (segmentDistance(u, v, /** @type {readonly [number, number]} */ (NODES[i]), /** @type {readonly [number, number]} */ (NODES[(i + 1) % NODES.length])) <= EDGE_WIDTH / 2) return GREEN;
  }
  return BACKGROUND;
}

const SUBSAMPLES = 4;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** @param {Buffer} bytes */
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = /** @type {number} */ (CRC_TABLE[(c ^ b) & 0xff]) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** The icon's pixel at (x, y) of a `size`×`size` image as RGBA (4×4 samples). @param {number} x @param {number} y @param {number} size @returns {number[]} */
function pixel(x, y, size) {
  const sum = [0, 0, 0];
  let hits = 0;
  for (let i = 0; i < SUBSAMPLES; i++) {
    for (let j = 0; j < SUBSAMPLES; j++) {
      const rgb = sample(((x + (i + 0.5) / SUBSAMPLES) * GRID) / size, ((y + (j + 0.5) / SUBSAMPLES) * GRID) / size);
      if (rgb === undefined) continue;
      hits++;
      for (let k = 0; k < 3; k++) sum[k] = /** @type {number} */ (sum[k]) + /** @type {number} */ (rgb[k]);
    }
  }
  if (hits === 0) return [0, 0, 0, 0];
  return [...sum.map((c) => Math.round(c / hits)), Math.round((255 * hits) / (SUBSAMPLES * SUBSAMPLES))];
}

/** The PNG file bytes of the mark at `size`×`size` (512: the app icon). @param {number} [size] @returns {Buffer} */
export function iconPng(size = 512) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixel(x, y, size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter set, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

if (process.argv[1] === import.meta.filename) {
  const root = join(import.meta.dirname, '..');
  const icons = join(root, 'build', 'icons');
  const favicons = join(root, 'renderer', 'public');
  mkdirSync(icons, { recursive: true });
  mkdirSync(favicons, { recursive: true });
  writeFileSync(join(icons, 'icon.png'), iconPng());
  writeFileSync(join(favicons, 'favicon.svg'), iconSvg());
  writeFileSync(join(favicons, 'favicon.png'), iconPng(32));
  console.log(`[smesher] icons written: ${join(icons, 'icon.png')}, ${join(favicons, 'favicon.svg')}, ${join(favicons, 'favicon.png')}`);
}
