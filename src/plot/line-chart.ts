// Line and scatter charts as SVG strings: axes with nice ticks (linear or log), grid, legend,
// horizontal bands. `chartPanel` draws into a box so several charts can share one SVG.
import { ConfigError } from '../errors.js';
import { makeAxis, project, type Axis, type Box } from './axis.js';
import { downsample, type Point } from './downsample.js';
import { legend, type LegendEntry } from './legend.js';
import { el, escapeXml, PALETTE, px, svgDocument } from './svg.js';
import { formatTick } from './ticks.js';

/** One named series of a chart. */
export interface Series {
  readonly name: string;
  readonly points: readonly Point[];
  /** Stroke (or dot) colour; by default the next colour of the palette. */
  readonly color?: string;
  /** 0..1; a faint raw line under its smoothed version uses ~0.3. */
  readonly opacity?: number;
  /** Stroke width in pixels (default 1.75). */
  readonly width?: number;
  /** 'line' joins the points, 'scatter' draws dots only; default: the chart's mode. */
  readonly mode?: 'line' | 'scatter';
  /** In line mode, also draw a dot at every point (useful for a few epochs). */
  readonly markers?: boolean;
  readonly dashed?: boolean;
}

/** A horizontal reference: a dashed line at `from`, or a shaded band from `from` to `to`. */
export interface HorizontalBand {
  readonly from: number;
  readonly to?: number;
  readonly label?: string;
}

/** Options of `lineChart`; only `series` is required. */
export interface LineChartOptions {
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly series: readonly Series[];
  readonly logX?: boolean;
  readonly logY?: boolean;
  readonly bands?: readonly HorizontalBand[];
  /** Default mode of the series (default 'line'). */
  readonly mode?: 'line' | 'scatter';
  /** Size in pixels (default 640 x 400). */
  readonly width?: number;
  readonly height?: number;
  /** Longer series are downsampled to about this many points for drawing (default 2000, min 4). */
  readonly maxPoints?: number;
}

/** A box of the SVG canvas, in pixels. */
export interface Frame {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const MARGIN = { left: 64, right: 16, bottom: 44, top: 16, title: 24 } as const;
const GRID = '#e5e5e5';
const INK = '#333333';

/**
 * A standalone SVG line (or scatter) chart. Non-finite points, and non-positive ones on a log axis,
 * are skipped; series longer than `maxPoints` are thinned keeping each bucket's first, last, min
 * and max, so spikes stay visible.
 * @throws ConfigError for a non-positive size or a `maxPoints` below 4
 * @example
 * lineChart({ title: 'loss', series: [{ name: 'train', points: [{ x: 0, y: 1 }, { x: 1, y: 0.5 }] }] });
 * //=> '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" …</svg>\n'
 */
export function lineChart(options: LineChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  validateSize('width', width);
  validateSize('height', height);
  const panel = chartPanel(options, { x: 0, y: 0, width, height });
  return svgDocument(width, height, options.title ?? 'chart', panel);
}

function validateSize(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new ConfigError(name, `Invalid ${name}: ${value} (expected a positive number of pixels)`);
  }
}

/**
 * The chart of `options` drawn inside `frame`, as an SVG fragment (a `<g>`), for composing panels.
 * @example chartPanel({ series: [] }, { x: 0, y: 0, width: 300, height: 200 }); //=> '<g …>…no data…</g>'
 */
export function chartPanel(options: LineChartOptions, frame: Frame): string {
  const maxPoints = options.maxPoints ?? 2000;
  if (!(Number.isInteger(maxPoints) && maxPoints >= 4)) {
    throw new ConfigError('maxPoints', `Invalid maxPoints: ${maxPoints} (expected an integer >= 4)`);
  }
  const logX = options.logX ?? false;
  const logY = options.logY ?? false;
  const keep = (p: Point) =>
    Number.isFinite(p.x) && Number.isFinite(p.y) && (!logX || p.x > 0) && (!logY || p.y > 0);
  const series = options.series.map((s) => ({ ...s, points: s.points.filter(keep) }));
  const top = frame.y + MARGIN.top + (options.title === undefined ? 0 : MARGIN.title);
  const left = frame.x + MARGIN.left;
  // A frame smaller than its margins still gets a (tiny) plot area rather than negative sizes.
  const box: Box = {
    left,
    right: Math.max(left + 1, frame.x + frame.width - MARGIN.right),
    top,
    bottom: Math.max(top + 1, frame.y + frame.height - MARGIN.bottom),
  };
  const bands = (options.bands ?? []).filter((b) => Number.isFinite(b.from) && (!logY || b.from > 0));
  const { xAxis, yAxis } = axes(series, bands, box, logX, logY);
  const toX = (v: number) => project(xAxis, v, box.left, box.right);
  const toY = (v: number) => project(yAxis, v, box.bottom, box.top);

  let body = grid(xAxis, yAxis, box, toX, toY) + drawBands(bands, box, toY);
  const entries: LegendEntry[] = series.map((s, i) => ({
    name: s.name,
    color: s.color ?? PALETTE[i % PALETTE.length]!,
    opacity: s.opacity ?? 1,
    mode: s.mode ?? options.mode ?? 'line',
    points: pixels(s, maxPoints, toX, toY),
  }));
  series.forEach((s, i) => {
    const entry = entries[i]!;
    body += drawSeries(s, entry.points, entry.color, entry.mode);
  });
  if (series.every((s) => s.points.length === 0)) {
    body += el('text', { x: px((box.left + box.right) / 2), y: px((box.top + box.bottom) / 2),
      'text-anchor': 'middle', fill: '#999999' }, 'no data');
  }
  body += labels(options, frame, box) + legend(entries, box);
  return el('g', { class: 'chart' }, body);
}

/** Axes spanning every drawn point and band; about one x tick per 80 px and one y tick per 50 px. */
function axes(
  series: readonly Series[], bands: readonly HorizontalBand[], box: Box, logX: boolean, logY: boolean,
): { xAxis: Axis; yAxis: Axis } {
  const [x0, x1] = extent(series.flatMap((s) => s.points.map((p) => p.x)));
  const [y0, y1] = extent([
    ...series.flatMap((s) => s.points.map((p) => p.y)),
    ...bands.flatMap((b) => (b.to !== undefined && Number.isFinite(b.to) ? [b.from, b.to] : [b.from])),
  ]);
  const xCount = Math.max(2, Math.round((box.right - box.left) / 80));
  const yCount = Math.max(2, Math.round((box.bottom - box.top) / 50));
  // x keeps the data's own extent (steps, epochs start at 1); y rounds out to its outer ticks.
  return {
    xAxis: makeAxis(x0, x1, { log: logX, nice: logX, count: xCount }),
    yAxis: makeAxis(y0, y1, { log: logY, nice: true, count: yCount }),
  };
}

function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Grid lines, the frame of the plot area and the tick labels of both axes. */
function grid(xAxis: Axis, yAxis: Axis, box: Box, toX: (v: number) => number, toY: (v: number) => number): string {
  let s = '';
  for (const t of xAxis.ticks) {
    const x = px(toX(t));
    s += el('line', { x1: x, y1: px(box.top), x2: x, y2: px(box.bottom), stroke: GRID });
    s += el('text', { x, y: px(box.bottom + 16), 'text-anchor': 'middle', fill: INK, class: 'tick-x' },
      escapeXml(formatTick(t)));
  }
  for (const t of yAxis.ticks) {
    const y = px(toY(t));
    s += el('line', { x1: px(box.left), y1: y, x2: px(box.right), y2: y, stroke: GRID });
    s += el('text', { x: px(box.left - 6), y, 'text-anchor': 'end', 'dominant-baseline': 'middle', fill: INK,
      class: 'tick-y' }, escapeXml(formatTick(t)));
  }
  return s + el('rect', { x: px(box.left), y: px(box.top), width: px(box.right - box.left),
    height: px(box.bottom - box.top), fill: 'none', stroke: '#999999' });
}

function drawBands(bands: readonly HorizontalBand[], box: Box, toY: (v: number) => number): string {
  let s = '';
  for (const b of bands) {
    const yFrom = toY(b.from);
    if (b.to !== undefined && Number.isFinite(b.to)) {
      const yTo = toY(b.to);
      s += el('rect', { x: px(box.left), y: px(Math.min(yFrom, yTo)), width: px(box.right - box.left),
        height: px(Math.abs(yTo - yFrom)), fill: '#888888', 'fill-opacity': 0.15, class: 'band' });
    } else {
      s += el('line', { x1: px(box.left), y1: px(yFrom), x2: px(box.right), y2: px(yFrom), stroke: '#666666',
        'stroke-dasharray': '6 4', class: 'band' });
    }
    if (b.label !== undefined) {
      s += el('text', { x: px(box.right - 4), y: px(Math.min(yFrom, b.to === undefined ? yFrom : toY(b.to)) - 4),
        'text-anchor': 'end', fill: '#666666', 'font-size': 11 }, escapeXml(b.label));
    }
  }
  return s;
}

/** The downsampled points of a series, in pixels. */
function pixels(
  s: Series, maxPoints: number, toX: (v: number) => number, toY: (v: number) => number,
): Point[] {
  return downsample(s.points, maxPoints).map((p) => ({ x: toX(p.x), y: toY(p.y) }));
}

function drawSeries(s: Series, points: readonly Point[], color: string, mode: 'line' | 'scatter'): string {
  const opacity = s.opacity ?? 1;
  let out = '';
  if (mode === 'line') {
    out += el('polyline', {
      points: points.map((p) => `${px(p.x)},${px(p.y)}`).join(' '),
      fill: 'none', stroke: color, 'stroke-width': s.width ?? 1.75, 'stroke-opacity': opacity,
      'stroke-linejoin': 'round', 'stroke-linecap': 'round',
      'stroke-dasharray': s.dashed === true ? '6 4' : undefined, 'data-series': s.name,
    });
  }
  if (mode === 'scatter' || s.markers === true) {
    const dots = points.map((p) => el('circle', { cx: px(p.x), cy: px(p.y), r: 2.5 })).join('');
    out += el('g', { fill: color, 'fill-opacity': opacity, 'data-series': s.name }, dots);
  }
  return out;
}

/** Title, axis labels: all text escaped. */
function labels(options: LineChartOptions, frame: Frame, box: Box): string {
  let s = '';
  if (options.title !== undefined) {
    s += el('text', { x: px(frame.x + frame.width / 2), y: px(frame.y + MARGIN.top + 8), 'text-anchor': 'middle',
      'font-size': 14, 'font-weight': 'bold', fill: INK, class: 'title' }, escapeXml(options.title));
  }
  if (options.xLabel !== undefined) {
    s += el('text', { x: px((box.left + box.right) / 2), y: px(frame.y + frame.height - 8), 'text-anchor': 'middle',
      fill: INK, class: 'x-label' }, escapeXml(options.xLabel));
  }
  if (options.yLabel !== undefined) {
    const cx = frame.x + 14;
    const cy = (box.top + box.bottom) / 2;
    s += el('text', { x: px(cx), y: px(cy), 'text-anchor': 'middle', transform: `rotate(-90 ${px(cx)} ${px(cy)})`,
      fill: INK, class: 'y-label' }, escapeXml(options.yLabel));
  }
  return s;
}
