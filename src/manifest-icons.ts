import { PNG } from 'pngjs';

/** The app's accent colour, also the manifest's `accentColor`. */
export const ACCENT = '#1F6F8B';

type Rgb = readonly [number, number, number];
/** Signed distance from a point to a shape: negative inside, positive outside (in pixels). */
type Shape = (x: number, y: number) => number;

const WHITE: Rgb = [255, 255, 255];
/** Sub-samples per pixel side: edges get 16 coverage levels, enough for smooth icons. */
const SAMPLES = 4;

function hexColor(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

function roundedRect(x0: number, y0: number, x1: number, y1: number, radius: number): Shape {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2 - radius;
  const hy = (y1 - y0) / 2 - radius;
  return (x, y) => {
    const dx = Math.abs(x - cx) - hx;
    const dy = Math.abs(y - cy) - hy;
    return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - radius;
  };
}

/** A stroke of the given width along a polyline, with round ends and joins. */
function polyline(points: readonly (readonly [number, number])[], width: number): Shape {
  return (x, y) => {
    let nearest = Number.POSITIVE_INFINITY;
    for (let i = 1; i < points.length; i++) {
      const [ax, ay] = points[i - 1] as readonly [number, number];
      const [bx, by] = points[i] as readonly [number, number];
      const lx = bx - ax;
      const ly = by - ay;
      const t = Math.max(0, Math.min(1, ((x - ax) * lx + (y - ay) * ly) / (lx * lx + ly * ly)));
      nearest = Math.min(nearest, Math.hypot(x - ax - t * lx, y - ay - t * ly));
    }
    return nearest - width / 2;
  };
}

/** The outline of a shape, `width` wide, centred on its edge. */
function ring(shape: Shape, width: number): Shape {
  return (x, y) => Math.abs(shape(x, y)) - width / 2;
}

function union(...shapes: Shape[]): Shape {
  return (x, y) => {
    let nearest = Number.POSITIVE_INFINITY;
    for (const shape of shapes) nearest = Math.min(nearest, shape(x, y));
    return nearest;
  };
}

/** Fraction of the pixel at (px, py) that the shape covers; only pixels on an edge are sub-sampled. */
function coverage(shape: Shape, px: number, py: number): number {
  const centre = shape(px + 0.5, py + 0.5);
  // A pixel's corners lie within √½ of its centre: farther from the edge, it is wholly in or out.
  if (centre <= -Math.SQRT1_2) return 1;
  if (centre >= Math.SQRT1_2) return 0;
  let inside = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      if (shape(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES) <= 0) inside++;
    }
  }
  return inside / (SAMPLES * SAMPLES);
}

function mix(under: Rgb, over: Rgb, amount: number): Rgb {
  return [0, 1, 2].map((i) =>
    Math.round((under[i] as number) * (1 - amount) + (over[i] as number) * amount),
  ) as [number, number, number];
}

type Point = readonly [number, number];

/**
 * The agreement list as a sheet with two lines and a tick, in pixels of the 192-pixel colour icon;
 * the outline icon draws the same picture on its own pixel grid, so the two read as one app.
 */
const SHEET = {
  page: [46, 28, 146, 164, 14] as const,
  lines: [
    [
      [70, 60],
      [122, 60],
    ],
    [
      [70, 86],
      [106, 86],
    ],
  ] as readonly (readonly Point[])[],
  tick: [
    [68, 122],
    [88, 140],
    [124, 104],
  ] as readonly Point[],
};

function page(): Shape {
  const [x0, y0, x1, y1, radius] = SHEET.page;
  return roundedRect(x0, y0, x1, y1, radius);
}

function pixels(
  size: number,
  paint: (x: number, y: number) => readonly [number, number, number, number],
): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      png.data.set(paint(x, y), (y * size + x) * 4);
    }
  }
  return PNG.sync.write(png);
}

/** Teams' colour icon: 192×192, full colour on an opaque background. */
export function colorIcon(): Buffer {
  const accent = hexColor(ACCENT);
  const sheet = page();
  const marks = union(...SHEET.lines.map((line) => polyline(line, 12)), polyline(SHEET.tick, 16));
  return pixels(192, (x, y) => {
    const onPage = mix(accent, WHITE, coverage(sheet, x, y));
    return [...mix(onPage, accent, coverage(marks, x, y)), 255];
  });
}

/** Teams' outline icon: 32×32, white on a transparent background (Teams tints it). */
export function outlineIcon(): Buffer {
  // Drawn on whole pixels rather than scaled down from the colour icon, so the 2-pixel strokes stay sharp.
  const shape = union(
    ring(roundedRect(8, 4, 24, 28, 3), 2),
    polyline(
      [
        [12, 10],
        [20, 10],
      ],
      2,
    ),
    polyline(
      [
        [11.5, 19.5],
        [14.5, 22.5],
        [20.5, 16.5],
      ],
      2.5,
    ),
  );
  return pixels(32, (x, y) => {
    const alpha = Math.round(coverage(shape, x, y) * 255);
    // Fully transparent pixels carry no colour; every visible one is pure white.
    return alpha > 0 ? [255, 255, 255, alpha] : [0, 0, 0, 0];
  });
}
