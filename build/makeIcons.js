/**
 * Generates the placeholder app icon, build/icons/icon.png (512×512 RGBA: a dark rounded square with a green
 * disk), with no image tools: PNG chunks are written by hand with node:zlib. electron-builder derives the
 * platform formats (ico, icns) from it. Replace with a designed icon when one exists.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const SIZE = 512;

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

/** The icon's pixel at (x, y) as RGBA. @param {number} x @param {number} y @returns {number[]} */
function pixel(x, y) {
  const r = SIZE * 0.18;
  const dx = Math.max(r - x, 0, x - (SIZE - 1 - r));
  const dy = Math.max(r - y, 0, y - (SIZE - 1 - r));
  if (dx * dx + dy * dy > r * r) return [0, 0, 0, 0];
  const cx = x - SIZE / 2;
  const cy = y - SIZE / 2;
  return cx * cx + cy * cy < (SIZE * 0.3) ** 2 ? [0x3c, 0xd0, 0x8c, 0xff] : [0x10, 0x14, 0x18, 0xff];
}

/** The PNG file bytes. @returns {Buffer} */
export function iconPng() {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    raw[y * (SIZE * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) raw.set(pixel(x, y), y * (SIZE * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter set, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

if (process.argv[1] === import.meta.filename) {
  const dir = join(import.meta.dirname, 'icons');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'icon.png'), iconPng());
  console.log(`[smesher] icon written: ${join(dir, 'icon.png')}`);
}
