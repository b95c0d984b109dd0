// The curves, drawn with the dashboard's uPlot chart card: loss (train and validation, linear or
// log, smoothed with the library's smoothing), accuracies, update/weight ratio per parameter
// tensor against the 1e-3 band, dead-ReLU fraction per layer, and weight and gradient norms.
import { Chart, type ChartData, type LineSpec, PALETTE } from '../../dashboard/ui/chart.js';
import { smooth } from '../../plot/smooth.js';
import type { EpochFigures, NormFigures } from '../protocol.js';

/** The notes: the update/weight ratio should be about 1e-3; the band (the dashboard's) is half a decade each side. */
const RATIO_BAND: readonly [number, number, number] = [1e-3 / Math.sqrt(10), 1e-3 * Math.sqrt(10), 1e-3];
/** At most this many points per curve: long runs are thinned evenly (the newest always kept). */
const MAX_POINTS = 600;

export interface ChartControls {
  readonly log: boolean;
  readonly smoothing: number;
}

function thin<T>(rows: readonly T[]): T[] {
  if (rows.length <= MAX_POINTS) return [...rows];
  const every = Math.ceil(rows.length / MAX_POINTS);
  const out = rows.filter((_, i) => i % every === 0);
  if (out.at(-1) !== rows.at(-1)) out.push(rows.at(-1)!);
  return out;
}

const col = (rows: readonly EpochFigures[], pick: (e: EpochFigures) => number | undefined): (number | null)[] =>
  rows.map((e) => pick(e) ?? null);

function keyed(rows: readonly { readonly [k: string]: number }[], label: (k: string) => string, x: number[]): ChartData {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const series: LineSpec[] = keys.map((k, i) => ({ label: label(k), color: PALETTE[i % PALETTE.length]! }));
  return { series, data: [x, ...keys.map((k) => rows.map((r) => r[k] ?? null))] };
}

export class Charts {
  private readonly loss: Chart;
  private readonly accuracy: Chart;
  private readonly ratios: Chart;
  private readonly dead: Chart;
  private readonly norms: Chart;
  private log = false;

  constructor(parent: HTMLElement) {
    this.loss = new Chart(parent, 'loss', 'Loss per epoch (train solid, validation dashed)', { xLabel: 'epoch', yLabel: 'loss' });
    this.accuracy = new Chart(parent, 'accuracy', 'Accuracy per epoch', { xLabel: 'epoch', yLabel: 'accuracy', yInclude: [0, 1] });
    this.ratios = new Chart(parent, 'ratios', 'Update / weight ratio per parameter (band: ~1e-3)', { xLabel: 'epoch', yLabel: 'ratio', yLog: true, band: RATIO_BAND, yInclude: [1e-4, 1e-2] });
    this.dead = new Chart(parent, 'dead', 'Dead ReLU fraction per layer', { xLabel: 'epoch', yLabel: 'fraction', yInclude: [0, 1] });
    this.norms = new Chart(parent, 'norms', 'Weight norm (solid) and gradient norm (dashed) per layer', { xLabel: 'step', yLabel: 'L2 norm', yLog: true });
  }

  update(all: readonly EpochFigures[], allNorms: readonly NormFigures[], c: ChartControls): void {
    if (c.log !== this.log) {
      this.log = c.log;
      this.loss.setOptions({ xLabel: 'epoch', yLabel: 'loss', yLog: c.log });
    }
    const rows = thin(all);
    const x = rows.map((e) => e.epoch);
    const hasVal = rows.some((e) => e.valLoss !== undefined);
    const s = (v: (number | null)[]) => (c.smoothing > 0 ? smooth(v.map((n) => n ?? NaN), c.smoothing).map((n) => (Number.isFinite(n) ? n : null)) : v);
    this.loss.update({
      series: [{ label: 'train', color: PALETTE[0]! }, ...(hasVal ? [{ label: 'validation', color: PALETTE[1]!, dash: [6, 4] }] : [])],
      data: [x, s(col(rows, (e) => e.trainLoss)), ...(hasVal ? [s(col(rows, (e) => e.valLoss))] : [])],
    });
    const hasAcc = rows.some((e) => e.trainAccuracy !== undefined);
    // Regression has no accuracy: no empty card.
    this.accuracy.card.hidden = rows.length > 0 && !hasAcc;
    if (hasAcc) {
      this.accuracy.update({
        series: [{ label: 'train', color: PALETTE[0]! }, ...(hasVal ? [{ label: 'validation', color: PALETTE[1]!, dash: [6, 4] }] : [])],
        data: [x, col(rows, (e) => e.trainAccuracy), ...(hasVal ? [col(rows, (e) => e.valAccuracy)] : [])],
      });
    }
    this.ratios.update(keyed(rows.map((e) => e.updateRatios), (k) => k, x));
    this.dead.update(keyed(rows.map((e) => e.deadRelu), (k) => k, x));
    const n = thin(allNorms);
    const w = keyed(n.map((r) => r.weights), (k) => k, n.map((r) => r.step));
    const g = keyed(n.map((r) => r.grads), (k) => `${k} grad`, []);
    this.norms.update({
      series: [...w.series, ...g.series.map((sp, i) => ({ ...sp, color: w.series[i]?.color ?? sp.color, dash: [4, 3] }))],
      data: [n.map((r) => r.step), ...w.data.slice(1), ...g.data.slice(1)],
    });
  }
}
