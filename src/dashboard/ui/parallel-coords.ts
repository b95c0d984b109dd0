/// <reference lib="dom" />
// Parallel coordinates of a study: one vertical axis per searched dimension and one for the
// objective; each complete trial is a line across them, darker the better its value.
import type { Dimension, StudyDetail } from '../api.js';
import { el, num } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** Maps a value of one axis to [0, 1] (bottom to top); log axes in log space, categories evenly. */
function scaler(d: Dimension | null, values: readonly number[]): (v: unknown) => number | null {
  if (d?.kind === 'categorical') {
    const n = Math.max(1, (d.choices?.length ?? 1) - 1);
    return (v) => {
      const i = (d.choices ?? []).indexOf(JSON.stringify(v));
      return i < 0 ? null : i / n;
    };
  }
  const log = d?.kind === 'log';
  const f = (v: number) => (log ? Math.log10(v) : v);
  const xs = values.filter((v) => Number.isFinite(v) && (!log || v > 0)).map(f);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return (v) => (typeof v !== 'number' || (log && v <= 0) ? null : hi > lo ? (f(v) - lo) / (hi - lo) : 0.5);
}

/**
 * An SVG parallel-coordinates plot of the complete trials of `s`.
 * @example card.append(parallelCoordinates(study));
 */
export function parallelCoordinates(s: StudyDetail): HTMLElement {
  const card = el('section', 'card parallel');
  card.dataset.chart = 'parallel';
  card.append(el('h3', '', 'Parallel coordinates (darker = better)'));
  const dims = s.dimensions.filter((d) => d.kind !== 'fixed');
  const trials = s.trials.filter((t) => t.state === 'complete' && t.value !== null);
  const width = 900;
  const height = 260;
  const pad = { left: 50, right: 70, top: 24, bottom: 28 };
  const axes = [...dims.map((d) => d.name), 'objective'];
  const xAt = (i: number) => pad.left + (i * (width - pad.left - pad.right)) / Math.max(1, axes.length - 1);
  const yAt = (u: number) => pad.top + (1 - u) * (height - pad.top - pad.bottom);
  const values = trials.map((t) => t.value!);
  const scales = [
    ...dims.map((d) => scaler(d, trials.map((t) => t.params[d.name]).filter((v): v is number => typeof v === 'number'))),
    scaler(null, values),
  ];
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%' });
  const vlo = Math.min(...values);
  const vhi = Math.max(...values);
  // Worst lines first, so the best are drawn on top.
  const order = [...trials].sort((a, b) => (s.summary.direction === 'minimize' ? b.value! - a.value! : a.value! - b.value!));
  for (const t of order) {
    const good = vhi > vlo ? (s.summary.direction === 'minimize' ? (vhi - t.value!) / (vhi - vlo) : (t.value! - vlo) / (vhi - vlo)) : 1;
    const points = axes.flatMap((name, i) => {
      const u = scales[i]!(name === 'objective' && i === axes.length - 1 ? t.value : t.params[name]);
      return u === null ? [] : [`${xAt(i).toFixed(1)},${yAt(u).toFixed(1)}`];
    });
    const light = Math.round(85 - 55 * good);
    root.append(svg('polyline', { points: points.join(' '), fill: 'none', stroke: `hsl(221, 83%, ${light}%)`, 'stroke-width': 1.5, 'stroke-opacity': 0.85 }));
  }
  axes.forEach((name, i) => {
    const d = dims[i];
    root.append(svg('line', { x1: xAt(i), x2: xAt(i), y1: yAt(0), y2: yAt(1), stroke: '#94a3b8' }));
    const label = svg('text', { x: xAt(i), y: height - 8, 'text-anchor': 'middle', 'font-size': 12, fill: '#334155' });
    label.textContent = d?.kind === 'log' ? `${name} (log)` : name;
    root.append(label);
    const src = i === axes.length - 1 ? values : trials.map((t) => t.params[name]).filter((v): v is number => typeof v === 'number');
    const ends = d?.kind === 'categorical' ? [d.choices?.[0] ?? '', d.choices?.at(-1) ?? ''] : [num(Math.min(...src)), num(Math.max(...src))];
    ends.forEach((text, k) => {
      const tick = svg('text', { x: xAt(i) + 4, y: k === 0 ? yAt(0) - 4 : yAt(1) + 12, 'font-size': 10, fill: '#64748b' });
      tick.textContent = text;
      root.append(tick);
    });
  });
  card.dataset.lines = String(trials.length);
  card.append(root);
  return card;
}
