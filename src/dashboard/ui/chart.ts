/// <reference lib="dom" />
// A chart card around uPlot: title, canvas, and data-* attributes (series and point counts) that
// the browser test reads. Re-creates the plot only when its series change; otherwise setData.
import uPlot from 'uplot';
import { axisTickLabels } from './tick-labels.js';

/** One line (or scatter) of a chart. */
export interface LineSpec {
  readonly label: string;
  readonly color: string;
  readonly width?: number;
  /** Draw points only (scatter). */
  readonly scatter?: boolean;
  readonly dash?: readonly number[];
  readonly stepped?: boolean;
}

/** What a chart shows: one x column and a column per series (null = gap). */
export interface ChartData {
  readonly series: readonly LineSpec[];
  readonly data: uPlot.AlignedData;
}

/** Fixed options of a chart. */
export interface ChartOptions {
  readonly xLabel: string;
  readonly yLabel?: string;
  readonly xLog?: boolean;
  readonly yLog?: boolean;
  /** Shade [lo, hi] on the y axis and draw a dashed line at mid (the healthy update ratio). */
  readonly band?: readonly [number, number, number];
  /** The y range always includes [lo, hi] (a band that must show, fractions 0..1). */
  readonly yInclude?: readonly [number, number];
  /** Tick labels for a categorical x axis (x = index). */
  readonly xCategories?: readonly string[];
}

/** Colors for series, readable on white; run i gets PALETTE[i % n]. */
export const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#475569', '#ea580c'];

function bandHook(band: readonly [number, number, number]) {
  return (u: uPlot) => {
    const ctx = u.ctx;
    const { left, width, top, height } = u.bbox;
    const y0 = u.valToPos(band[1], 'y', true);
    const y1 = u.valToPos(band[0], 'y', true);
    const ym = u.valToPos(band[2], 'y', true);
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.fillStyle = 'rgba(16, 185, 129, 0.12)';
    ctx.fillRect(left, y0, width, y1 - y0);
    ctx.strokeStyle = 'rgba(5, 150, 105, 0.8)';
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.moveTo(left, ym);
    ctx.lineTo(left + width, ym);
    ctx.stroke();
    ctx.restore();
  };
}

/** Tick labels for a log axis: whole decades only, small ones in exponent form (1e-4, not 0). */
function logTicks(_u: uPlot, splits: number[]): string[] {
  return splits.map((v) => {
    if (v === null || v <= 0 || Math.abs(Math.log10(v) - Math.round(Math.log10(v))) > 1e-9) return '';
    return v < 1e-2 || v >= 1e4 ? `1e${Math.round(Math.log10(v))}` : String(v);
  });
}

/**
 * Wraps an axis' label function so the card keeps what was drawn: data-ticks-x and data-ticks-y
 * hold the labels as JSON, for the browser test, which cannot read text off the canvas.
 */
function recorded(card: HTMLElement, axis: 'x' | 'y', values: (u: uPlot, splits: number[]) => string[]) {
  return (u: uPlot, splits: number[]): string[] => {
    const labels = values(u, splits);
    card.dataset[axis === 'x' ? 'ticksX' : 'ticksY'] = JSON.stringify(labels);
    return labels;
  };
}

const linearTicks = (_u: uPlot, splits: number[]): string[] => axisTickLabels(splits);

/** A y-range function that widens uPlot's data range to cover `[lo, hi]`. */
function includeRange(include: readonly [number, number], log: boolean): uPlot.Range.Function {
  return (_u, min, max) => {
    const lo = Number.isFinite(min) && min !== null ? Math.min(min, include[0]) : include[0];
    const hi = Number.isFinite(max) && max !== null ? Math.max(max, include[1]) : include[1];
    // Log axes read best between whole decades.
    return log ? [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))] : [lo, hi];
  };
}

/**
 * A titled chart card appended to `parent`.
 * @example
 * const c = new Chart(grid, 'loss', 'Loss per iteration', { xLabel: 'step' });
 * c.update({ series: [{ label: 'run', color: PALETTE[0] }], data: [[0, 1], [2.3, 2.1]] });
 */
export class Chart {
  readonly card: HTMLElement;
  private readonly body: HTMLElement;
  private plot: uPlot | null = null;
  private key = '';
  private options: ChartOptions;

  constructor(parent: HTMLElement, name: string, title: string, options: ChartOptions) {
    this.options = options;
    this.card = document.createElement('section');
    this.card.className = 'card chart';
    this.card.dataset.chart = name;
    const h = document.createElement('h3');
    h.textContent = title;
    this.body = document.createElement('div');
    this.body.className = 'plot';
    this.card.append(h, this.body);
    parent.append(this.card);
    // Charts drawn while their tab was hidden had no width: follow the card's real size.
    new ResizeObserver(() => this.resize()).observe(this.body);
  }

  /** Changes axis options (log toggle); the plot is rebuilt on the next update. */
  setOptions(options: ChartOptions): void {
    this.options = options;
    this.key = '';
  }

  /** Draws `d`, reusing the plot when the series are the same. */
  update(d: ChartData): void {
    const key = JSON.stringify(d.series);
    let points = 0;
    for (let i = 1; i < d.data.length; i++) for (const v of d.data[i] ?? []) if (v !== null && v !== undefined) points++;
    this.card.dataset.series = String(d.series.length);
    this.card.dataset.points = String(points);
    const width = Math.max(280, this.body.clientWidth || 480);
    if (this.plot !== null && key === this.key) {
      this.plot.setData(d.data);
      return;
    }
    this.plot?.destroy();
    this.key = key;
    this.plot = new uPlot(this.opts(d.series, width), d.data, this.body);
  }

  /** Follows the card's width. */
  resize(): void {
    const width = this.body.clientWidth;
    if (this.plot !== null && width > 0 && width !== this.plot.width) this.plot.setSize({ width, height: 240 });
  }

  private opts(series: readonly LineSpec[], width: number): uPlot.Options {
    const o = this.options;
    const cats = o.xCategories;
    return {
      width,
      height: 240,
      legend: { show: true, live: true },
      cursor: { drag: { x: true, y: false } },
      scales: {
        x: { time: false, ...(o.xLog === true ? { distr: 3 } : {}), ...(cats === undefined ? {} : { range: [-0.5, cats.length - 0.5] }) },
        y: {
          ...(o.yLog === true ? { distr: 3 } : {}),
          ...(o.yInclude === undefined ? {} : { range: includeRange(o.yInclude, o.yLog === true) }),
        },
      },
      axes: [
        {
          label: o.xLabel,
          stroke: '#475569',
          grid: { stroke: '#eef2f7' },
          ...(cats === undefined ? {} : { splits: () => cats.map((_, i) => i) }),
          values: recorded(this.card, 'x', cats !== undefined ? () => cats.slice() : o.xLog === true ? logTicks : linearTicks),
        },
        {
          label: o.yLabel ?? '', stroke: '#475569', grid: { stroke: '#eef2f7' }, size: 60,
          values: recorded(this.card, 'y', o.yLog === true ? logTicks : linearTicks),
        },
      ],
      series: [
        { label: o.xLabel },
        ...series.map((s): uPlot.Series => ({
          label: s.label,
          stroke: s.color,
          width: s.width ?? 1.5,
          spanGaps: true,
          ...(s.dash === undefined ? {} : { dash: s.dash.slice() }),
          ...(s.scatter === true
            ? { paths: () => null, points: { show: true, size: 7, fill: s.color, stroke: s.color } }
            : { points: { show: false } }),
          ...(s.stepped === true ? { paths: uPlot.paths.stepped!({ align: 1 }) } : {}),
        })),
      ],
      hooks: o.band === undefined ? {} : { drawClear: [bandHook(o.band)] },
    };
  }
}
