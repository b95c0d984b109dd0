/// <reference lib="dom" />
// Turning RunDetail JSON into chart data: one table per run, joined on x for overlays, and the
// exponential smoothing behind the loss slider.
import uPlot from 'uplot';
import type { RunDetail, Series } from '../api.js';
import { type ChartData, type LineSpec, PALETTE } from './chart.js';

/**
 * TensorBoard's smoothing: an exponential moving average with the start-up bias removed, so the
 * first points are not pulled toward 0. weight 0 leaves the data as it is.
 */
export function smooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    last = last * weight + (1 - weight) * v;
    n++;
    return weight === 0 ? v : last / (1 - weight ** n);
  });
}

/** Nulls for values a log axis cannot show. */
const positive = (ys: readonly (number | null)[]) => ys.map((v) => (v !== null && v > 0 ? v : null));

function join(tables: (readonly (readonly (number | null)[])[])[]): uPlot.AlignedData {
  const real = tables.filter((t) => (t[0]?.length ?? 0) > 0);
  if (real.length === 0) return [[], ...tables.flatMap((t) => t.slice(1).map(() => []))];
  if (real.length === 1 && real.length === tables.length) return real[0] as uPlot.AlignedData;
  // Tables with no points still own series: give them an empty column of the joined length.
  const joined = uPlot.join(real as uPlot.AlignedData[]);
  const xs = Array.from(joined[0] as ArrayLike<number>);
  const out: (number | null)[][] = [xs];
  let k = 1;
  for (const t of tables) {
    const empty = (t[0]?.length ?? 0) === 0;
    for (let i = 1; i < t.length; i++) out.push(empty ? xs.map(() => null) : (joined[k++] as (number | null)[]));
  }
  return out as uPlot.AlignedData;
}

const fade = (color: string) => `${color}55`;

/** Loss per iteration: a faint raw line and a smoothed line per run. */
export function lossChart(runs: readonly RunDetail[], smoothing: number, log: boolean): ChartData {
  const series: LineSpec[] = [];
  const tables = runs.map((r, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    series.push({ label: `${r.summary.name} (raw)`, color: fade(color), width: 1 });
    series.push({ label: r.summary.name, color, width: 2 });
    const raw = log ? positive(r.loss.y.loss ?? []) : (r.loss.y.loss ?? []);
    return [r.loss.x, raw, smooth(raw, smoothing)];
  });
  return { series, data: join(tables) };
}

/** Train (dashed) and validation (solid) accuracy per epoch, per run. */
export function accuracyChart(runs: readonly RunDetail[]): ChartData {
  const series: LineSpec[] = [];
  const tables = runs.map((r, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    series.push({ label: `${r.summary.name} train`, color, dash: [5, 4] });
    series.push({ label: `${r.summary.name} val`, color, width: 2 });
    return [r.epochs.x, r.epochs.y.trainAccuracy ?? [], r.epochs.y.valAccuracy ?? []];
  });
  return { series, data: join(tables) };
}

/** Learning rate over steps, per run. */
export function lrChart(runs: readonly RunDetail[]): ChartData {
  const series = runs.map((r, i): LineSpec => ({ label: r.summary.name, color: PALETTE[i % PALETTE.length]! }));
  return { series, data: join(runs.map((r) => [r.lr.x, r.lr.y.lr ?? []])) };
}

/** One line per named column (parameter tensor, relu layer) per run; runs told apart by dashes. */
export function recordChart(runs: readonly RunDetail[], pick: (r: RunDetail) => Series, log: boolean): ChartData {
  const series: LineSpec[] = [];
  const tables = runs.map((r, i) => {
    const s = pick(r);
    const names = Object.keys(s.y);
    names.forEach((name, j) => {
      series.push({
        label: runs.length > 1 ? `${r.summary.name}: ${name}` : name,
        color: PALETTE[j % PALETTE.length]!,
        ...(i === 0 ? {} : { dash: [2 + 3 * i, 3] }),
      });
    });
    return [s.x, ...names.map((n) => (log ? positive(s.y[n]!) : s.y[n]!))];
  });
  return { series, data: join(tables) };
}
