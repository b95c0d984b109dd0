// The search.svg of a hyperparameter search: the objective of every finished trial in trial order
// with the best-so-far line, then one panel per searched dimension (objective against the value,
// log axis for log dimensions). Plain data in, so plot/ needs nothing from search/.
import { chartPanel, type LineChartOptions, type Series } from './line-chart.js';
import type { Point } from './downsample.js';
import { el, escapeXml, PALETTE, px, svgDocument } from './svg.js';

/** One trial as the chart needs it. */
export interface SearchChartTrial {
  readonly number: number;
  readonly state: string;
  readonly value: number | null;
  readonly params: Readonly<Record<string, unknown>>;
}

/** One searched dimension: numeric values on a linear or log axis, or listed choices. */
export interface SearchChartDimension {
  readonly path: string;
  readonly log?: boolean;
  /** For a choice: the values, in order (non-numeric ones are drawn at their index). */
  readonly choices?: readonly unknown[];
}

/** Options of `searchChart`. */
export interface SearchChartOptions {
  readonly title?: string;
  /** The objective's name, for the y axes (e.g. 'valAccuracy'). */
  readonly metric: string;
  readonly direction: 'minimize' | 'maximize';
  readonly trials: readonly SearchChartTrial[];
  readonly dimensions: readonly SearchChartDimension[];
  /** Size of one panel in pixels (default 480 x 320); two panels per row. */
  readonly panelWidth?: number;
  readonly panelHeight?: number;
}

const TITLE_HEIGHT = 30;
const PRUNED = '#999999';

function finished(trials: readonly SearchChartTrial[], state: string): SearchChartTrial[] {
  return trials.filter((t) => t.state === state && t.value !== null && Number.isFinite(t.value));
}

/** The best complete value after each complete trial, in trial order. */
export function bestSoFar(
  trials: readonly SearchChartTrial[],
  direction: SearchChartOptions['direction'],
): Point[] {
  const better = (a: number, b: number) => (direction === 'minimize' ? a < b : a > b);
  let best: number | undefined;
  const out: Point[] = [];
  for (const t of [...finished(trials, 'complete')].sort((a, b) => a.number - b.number)) {
    if (best === undefined || better(t.value!, best)) best = t.value!;
    out.push({ x: t.number, y: best });
  }
  return out;
}

function trialPanel(o: SearchChartOptions): LineChartOptions {
  const dots = (state: string) =>
    finished(o.trials, state).map((t) => ({ x: t.number, y: t.value! }));
  return {
    title: `${o.metric} per trial`,
    xLabel: 'trial',
    yLabel: o.metric,
    mode: 'scatter',
    series: [
      { name: 'complete', points: dots('complete'), color: PALETTE[0]! },
      { name: 'pruned', points: dots('pruned'), color: PRUNED },
      {
        name: 'best so far',
        points: bestSoFar(o.trials, o.direction),
        color: PALETTE[2]!,
        mode: 'line',
      },
    ],
  };
}

/** Where a param value sits on the x axis: itself when numeric, else its index among the choices. */
function xOf(value: unknown, d: SearchChartDimension): number {
  if (typeof value === 'number') return value;
  const i = (d.choices ?? []).findIndex((c) => JSON.stringify(c) === JSON.stringify(value));
  return i < 0 ? NaN : i;
}

function dimensionPanel(o: SearchChartOptions, d: SearchChartDimension): LineChartOptions {
  const dots = (state: string) =>
    finished(o.trials, state).map((t) => ({ x: xOf(t.params[d.path], d), y: t.value! }));
  const named = (d.choices ?? []).some((c) => typeof c !== 'number');
  const key = named
    ? ` (${(d.choices ?? []).map((c, i) => `${i}=${JSON.stringify(c)}`).join(', ')})`
    : '';
  return {
    title: `${o.metric} against ${d.path}`,
    xLabel: `${d.path}${d.log === true ? ' (log scale)' : ''}${key}`,
    yLabel: o.metric,
    mode: 'scatter',
    logX: d.log === true,
    series: [
      { name: 'complete', points: dots('complete'), color: PALETTE[0]! },
      { name: 'pruned', points: dots('pruned'), color: PRUNED },
    ] satisfies Series[],
  };
}

/**
 * The chart of a search as one SVG: objective per trial (complete trials, pruned ones in grey with
 * their last reported value, and the best-so-far line), and the objective against each dimension.
 * Each panel is a `<g data-panel="...">` ("trials", then the dimension's path).
 * @example
 * searchChart({ metric: 'valLoss', direction: 'minimize', dimensions: [{ path: 'lr', log: true }],
 *   trials: [{ number: 0, state: 'complete', value: 0.4, params: { lr: 0.01 } }] });
 * //=> '<svg xmlns="http://www.w3.org/2000/svg" …</svg>\n'
 */
export function searchChart(options: SearchChartOptions): string {
  const w = options.panelWidth ?? 480;
  const h = options.panelHeight ?? 320;
  const panels: { id: string; chart: LineChartOptions }[] = [
    { id: 'trials', chart: trialPanel(options) },
    ...options.dimensions.map((d) => ({ id: d.path, chart: dimensionPanel(options, d) })),
  ];
  const columns = Math.min(2, panels.length);
  const rows = Math.ceil(panels.length / columns);
  const width = columns * w;
  const height = TITLE_HEIGHT + rows * h;
  const title = options.title ?? `Search: ${options.metric}`;
  let body = el(
    'text',
    {
      x: px(width / 2),
      y: 20,
      'text-anchor': 'middle',
      'font-size': 16,
      'font-weight': 'bold',
      fill: '#333333',
      class: 'title',
    },
    escapeXml(title),
  );
  panels.forEach((p, i) => {
    const frame = {
      x: (i % columns) * w,
      y: TITLE_HEIGHT + Math.floor(i / columns) * h,
      width: w,
      height: h,
    };
    body += el('g', { 'data-panel': p.id }, chartPanel(p.chart, frame));
  });
  return svgDocument(width, height, title, body);
}
