// The legend of a chart: one swatch and name per series, in the corner of the plot area that
// covers the fewest drawn points.
import type { Box } from './axis.js';
import type { Point } from './downsample.js';
import { el, escapeXml, px } from './svg.js';

/** What the legend needs of a series: its look and its drawn points (pixels), to avoid them. */
export interface LegendEntry {
  readonly name: string;
  readonly color: string;
  readonly opacity: number;
  readonly mode: 'line' | 'scatter';
  readonly points: readonly Point[];
}

const ROW = 16;
const PAD = 8;

/**
 * The legend box as an SVG `<g>`, placed in the corner (top-right first on ties) where it hides
 * the fewest points: accuracy curves rise into the top right, loss curves fall into the bottom.
 * @example legend([], { left: 0, right: 100, top: 0, bottom: 100 }); //=> ''
 */
export function legend(entries: readonly LegendEntry[], box: Box): string {
  if (entries.length === 0) return '';
  const width = 34 + Math.max(...entries.map((e) => e.name.length)) * 6.5;
  const height = 8 + entries.length * ROW;
  const corners = [
    { x: box.right - width - PAD, y: box.top + PAD },
    { x: box.right - width - PAD, y: box.bottom - height - PAD },
    { x: box.left + PAD, y: box.top + PAD },
    { x: box.left + PAD, y: box.bottom - height - PAD },
  ];
  const samples = entries.flatMap((e) => (e.mode === 'line' ? alongSegments(e.points) : e.points));
  const counts = corners.map((c) => {
    let count = 0;
    for (const p of samples) if (p.x >= c.x && p.x <= c.x + width && p.y >= c.y && p.y <= c.y + height) count++;
    return count;
  });
  const { x, y } = corners[counts.indexOf(Math.min(...counts))]!;
  let s = el('rect', { x: px(x), y: px(y), width: px(width), height, fill: '#ffffff', 'fill-opacity': 0.85,
    stroke: '#cccccc' });
  entries.forEach((e, i) => {
    const cy = y + 12 + i * ROW;
    const opacity = Math.max(e.opacity, 0.5); // a faint raw line still needs a visible swatch
    s += e.mode === 'scatter'
      ? el('circle', { cx: px(x + 15), cy: px(cy), r: 3.5, fill: e.color, 'fill-opacity': opacity })
      : el('line', { x1: px(x + 6), y1: px(cy), x2: px(x + 24), y2: px(cy), stroke: e.color, 'stroke-width': 2.5,
        'stroke-opacity': opacity });
    s += el('text', { x: px(x + 30), y: px(cy), 'dominant-baseline': 'middle', fill: '#333333' }, escapeXml(e.name));
  });
  return el('g', { class: 'legend' }, s);
}

/** Points every eighth of each segment, so a line crossing a corner between two vertices counts. */
function alongSegments(points: readonly Point[]): Point[] {
  const out: Point[] = points.slice(0, 1);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    for (let f = 1; f <= 8; f++) out.push({ x: a.x + ((b.x - a.x) * f) / 8, y: a.y + ((b.y - a.y) * f) / 8 });
  }
  return out;
}
