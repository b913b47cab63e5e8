// The rich menu picture, drawn in code (no image files, no dependencies): four coloured tiles with white icons
// (search, calendar, scales, globe). Icons need no translation, so every language's menu shares one picture.
import { deflateSync } from 'node:zlib';

export const MENU_WIDTH = 2500;
export const MENU_HEIGHT = 843;
export const TILES = 4;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGB PNG of the given pixels. */
function encodePng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => readonly [number, number, number],
): Buffer {
  const stride = 1 + width * 3;
  const raw = Buffer.alloc(stride * height); // each scanline starts with filter type 0
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const o = y * stride + 1 + x * 3;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, default compression/filter/interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

type Shape = (dx: number, dy: number) => boolean;
const ring =
  (r: number, width: number, cx = 0, cy = 0): Shape =>
  (dx, dy) => {
    const d = Math.hypot(dx - cx, dy - cy);
    return d <= r && d >= r - width;
  };
const rect =
  (x0: number, y0: number, x1: number, y1: number): Shape =>
  (dx, dy) =>
    dx >= x0 && dx <= x1 && dy >= y0 && dy <= y1;
const segment =
  (x0: number, y0: number, x1: number, y1: number, width: number): Shape =>
  (dx, dy) => {
    const vx = x1 - x0,
      vy = y1 - y0;
    const t = Math.max(0, Math.min(1, ((dx - x0) * vx + (dy - y0) * vy) / (vx * vx + vy * vy)));
    return Math.hypot(dx - x0 - t * vx, dy - y0 - t * vy) <= width / 2;
  };
const ellipseRing =
  (rx: number, ry: number, width: number): Shape =>
  (dx, dy) => {
    const outer = (dx / rx) ** 2 + (dy / ry) ** 2;
    const inner = (dx / (rx - width)) ** 2 + (dy / (ry - width)) ** 2;
    return outer <= 1 && inner >= 1;
  };
const halfDisc =
  (cx: number, cy: number, r: number): Shape =>
  (dx, dy) =>
    dy >= cy && Math.hypot(dx - cx, dy - cy) <= r;
const any =
  (...shapes: Shape[]): Shape =>
  (dx, dy) =>
    shapes.some((s) => s(dx, dy));

// Coordinates relative to the tile centre.
const ICONS: Shape[] = [
  any(ring(150, 36, -40, -40), segment(65, 65, 190, 190, 48)), // search
  any(
    rect(-170, -150, 170, -80),
    rect(-170, -150, -140, 170),
    rect(140, -150, 170, 170),
    rect(-170, 140, 170, 170),
    rect(-120, -190, -90, -120),
    rect(90, -190, 120, -120),
    ...[-100, 0, 100].flatMap((x) => [-20, 70].map((y) => rect(x - 30, y - 25, x + 30, y + 25))),
  ), // calendar
  any(
    rect(-14, -170, 14, 150),
    rect(-180, -150, 180, -124),
    rect(-90, 150, 90, 176),
    segment(-160, -137, -205, 30, 12),
    segment(-160, -137, -115, 30, 12),
    halfDisc(-160, 30, 62),
    segment(160, -137, 115, 30, 12),
    segment(160, -137, 205, 30, 12),
    halfDisc(160, 30, 62),
  ), // scales
  any(
    ring(180, 26),
    ellipseRing(80, 180, 24),
    (dx, dy) => (Math.abs(dy) <= 12 || Math.abs(Math.abs(dy) - 90) <= 11) && Math.hypot(dx, dy) <= 170,
  ), // globe
];
const COLOURS: [number, number, number][] = [
  [0x1e, 0x88, 0xe5],
  [0x43, 0xa0, 0x47],
  [0x8e, 0x44, 0xad],
  [0xf5, 0x7c, 0x00],
];
const WHITE = [255, 255, 255] as const;

export function richMenuPng(): Buffer {
  const tileWidth = MENU_WIDTH / TILES;
  return encodePng(MENU_WIDTH, MENU_HEIGHT, (x, y) => {
    const i = Math.min(TILES - 1, Math.floor(x / tileWidth));
    const dx = x - (i + 0.5) * tileWidth,
      dy = y - MENU_HEIGHT / 2;
    if (x % tileWidth < 4 && i > 0) return WHITE; // a thin line between tiles
    return ICONS[i]!(dx, dy) ? WHITE : COLOURS[i]!;
  });
}
