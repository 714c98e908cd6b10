#!/usr/bin/env node
// Draws the extension's 128×128 icon (media/icon.png): a note page on a dark tile, with a small
// diagram of three boxes on it. Plain Node (zlib for the PNG), so it needs no image tools.
// Usage: node scripts/make-icon.mjs [out.png]
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4; // per axis: 16 samples a pixel smooth the edges

const TILE = [31, 41, 51];
const PAGE = [245, 247, 250];
const FOLD = [203, 210, 217];
const INK = [82, 96, 109];
const ACCENT = [245, 166, 35];

function roundedRect(x0, y0, x1, y1, r) {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}

const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;

// A page whose top-right corner is cut off along x - y = 66 and folded back: the flap is the
// cut triangle mirrored across that line.
const pageShape = roundedRect(30, 14, 98, 114, 5);
const page = (x, y) => pageShape(x, y) && x - y <= 66;
const fold = (x, y) => x >= 80 && y <= 32 && x - y <= 66;

// Painted in order; the last shape that covers a point gives its colour.
const layers = [
  [roundedRect(2, 2, 126, 126, 22), TILE],
  [page, PAGE],
  [fold, FOLD],
  [rect(42, 32, 72, 37), INK],
  [rect(42, 44, 66, 48), INK],
  // The diagram: two boxes, a third below, joined by lines.
  [roundedRect(42, 60, 60, 76, 3), ACCENT],
  [roundedRect(68, 60, 86, 76, 3), ACCENT],
  [rect(50, 76, 53, 86), INK],
  [rect(76, 76, 79, 86), INK],
  [rect(50, 84, 79, 87), INK],
  [roundedRect(55, 90, 73, 104, 3), ACCENT],
];

function pixel(px, py) {
  let r = 0, g = 0, b = 0, covered = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = px + (sx + 0.5) / SAMPLES;
      const y = py + (sy + 0.5) / SAMPLES;
      let colour;
      for (const [inside, c] of layers) if (inside(x, y)) colour = c;
      if (!colour) continue;
      r += colour[0]; g += colour[1]; b += colour[2]; covered++;
    }
  }
  if (covered === 0) return [0, 0, 0, 0];
  return [Math.round(r / covered), Math.round(g / covered), Math.round(b / covered), Math.round((255 * covered) / SAMPLES ** 2)];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(width, height, rgbaAt) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  // Each scanline starts with its filter type; 0 = none.
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 4);
    for (let x = 0; x < width; x++) Buffer.from(rgbaAt(x, y)).copy(raw, row + 1 + x * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = process.argv[2] ?? new URL('../media/icon.png', import.meta.url);
fs.writeFileSync(out, png(SIZE, SIZE, pixel));
console.log(`wrote ${out instanceof URL ? out.pathname : out}`);
