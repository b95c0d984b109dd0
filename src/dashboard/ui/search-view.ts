/// <reference lib="dom" />
// The search view: pick a study; objective per trial with the best so far, objective against each
// hyperparameter (slice plots, log axes for log dimensions), and a sortable trials table.
import type { Dimension, StudyDetail, StudySummary, TrialRow } from '../api.js';
import { Chart, type ChartData, PALETTE } from './chart.js';
import { duration, el, getJson, num } from './format.js';
import { parallelCoordinates } from './parallel-coords.js';

type SortKey = { column: string; descending: boolean };

/** Value of a trial's parameter as a plot coordinate (category index for categorical ones). */
function coordinate(d: Dimension, v: unknown): number | null {
  if (d.kind === 'categorical') {
    const i = (d.choices ?? []).indexOf(JSON.stringify(v));
    return i < 0 ? null : i;
  }
  return typeof v === 'number' && (d.kind !== 'log' || v > 0) ? v : null;
}

/** Objective per trial (complete, pruned) and the best complete value so far (a step line). */
export function objectiveChart(s: StudyDetail): ChartData {
  const trials = [...s.trials].sort((a, b) => a.number - b.number);
  const better = (a: number, b: number) => (s.summary.direction === 'minimize' ? a < b : a > b);
  let best: number | null = null;
  const x: number[] = [];
  const complete: (number | null)[] = [];
  const pruned: (number | null)[] = [];
  const bestSoFar: (number | null)[] = [];
  for (const t of trials) {
    x.push(t.number);
    complete.push(t.state === 'complete' ? t.value : null);
    pruned.push(t.state === 'pruned' ? t.value : null);
    if (t.state === 'complete' && t.value !== null && (best === null || better(t.value, best))) best = t.value;
    bestSoFar.push(best);
  }
  return {
    series: [
      { label: 'complete', color: PALETTE[0]!, scatter: true },
      { label: 'pruned', color: '#94a3b8', scatter: true },
      { label: 'best so far', color: PALETTE[1]!, width: 2, stepped: true },
    ],
    data: [x, complete, pruned, bestSoFar],
  };
}

/** The objective of complete trials against one dimension, sorted by the dimension. */
export function sliceChart(s: StudyDetail, d: Dimension): ChartData {
  const points = s.trials
    .filter((t) => t.state === 'complete' && t.value !== null)
    .map((t) => ({ x: coordinate(d, t.params[d.name]), y: t.value }))
    .filter((p): p is { x: number; y: number } => p.x !== null)
    .sort((a, b) => a.x - b.x);
  return { series: [{ label: 'objective', color: PALETTE[2]!, scatter: true }], data: [points.map((p) => p.x), points.map((p) => p.y)] };
}

/**
 * The search view mounted in `root`.
 * @example const view = new SearchView(document.querySelector('#search')!); await view.load();
 */
export class SearchView {
  private studies: StudySummary[] = [];
  private current: StudyDetail | null = null;
  private sort: SortKey = { column: 'number', descending: false };
  private readonly picker = el('div', 'study-picker card');
  private readonly grid = el('div', 'grid');
  private readonly parallel = el('div', 'parallel-wrap');
  private readonly table = el('section', 'card trials');
  private charts = new Map<string, Chart>();

  constructor(readonly root: HTMLElement) {
    root.append(this.picker, this.grid, this.parallel, this.table);
  }

  /** Fetches the studies and shows the first. */
  async load(): Promise<void> {
    this.studies = await getJson<StudySummary[]>('/api/studies');
    this.drawPicker();
    const first = this.current?.summary.id ?? this.studies[0]?.id;
    if (first !== undefined) await this.show(first);
  }

  /** Re-reads a study after a live event. */
  async refresh(id: string): Promise<void> {
    if (this.current === null || this.current.summary.id === id) await this.load();
  }

  private drawPicker(): void {
    if (this.studies.length === 0) {
      this.picker.replaceChildren(el('h2', '', 'Search'), el('p', 'muted', 'No study files given (pass a study.db to descent dashboard).'));
      return;
    }
    const select = el('select');
    select.id = 'study';
    for (const s of this.studies) {
      const o = el('option', '', `${s.name} — ${s.file}`);
      o.value = s.id;
      o.selected = s.id === this.current?.summary.id;
      select.append(o);
    }
    select.addEventListener('change', () => void this.show(select.value));
    const c = this.current?.summary;
    const info = el('span', 'muted', c === undefined ? '' : `${c.direction} · ${c.trials} trials · best ${num(c.best)}`);
    this.picker.replaceChildren(el('h2', '', 'Search'), select, info);
  }

  private async show(id: string): Promise<void> {
    const changed = this.current?.summary.id !== id;
    this.current = await getJson<StudyDetail>(`/api/studies/${id}`);
    if (changed) {
      this.grid.replaceChildren();
      this.charts = new Map();
    }
    this.drawPicker();
    this.drawCharts(this.current);
    this.parallel.replaceChildren(parallelCoordinates(this.current));
    this.drawTable(this.current);
  }

  private chart(name: string, title: string, options: ConstructorParameters<typeof Chart>[3]): Chart {
    let c = this.charts.get(name);
    if (c === undefined) {
      c = new Chart(this.grid, name, title, options);
      this.charts.set(name, c);
    }
    return c;
  }

  private drawCharts(s: StudyDetail): void {
    this.chart('objective', 'Objective per trial', { xLabel: 'trial', yLabel: 'objective' }).update(objectiveChart(s));
    for (const d of s.dimensions) {
      if (d.kind === 'fixed') continue;
      const options = {
        xLabel: d.name,
        yLabel: 'objective',
        ...(d.kind === 'log' ? { xLog: true } : {}),
        ...(d.kind === 'categorical' ? { xCategories: d.choices ?? [] } : {}),
      };
      this.chart(`slice-${d.name}`, `Objective vs ${d.name}${d.kind === 'log' ? ' (log)' : ''}`, options).update(sliceChart(s, d));
    }
  }

  private drawTable(s: StudyDetail): void {
    const dims = s.dimensions.map((d) => d.name);
    // Which machine ran each trial matters once a study spans several (a shared database).
    const hosts = new Set(s.trials.map((t) => t.host).filter((h) => h !== null));
    const columns = ['number', 'state', 'value', 'duration', ...(hosts.size > 1 ? ['host'] : []), ...dims];
    const get = (t: TrialRow, c: string): unknown =>
      c === 'number' ? t.number : c === 'state' ? t.state : c === 'value' ? t.value : c === 'duration' ? t.durationMs : c === 'host' ? t.host : t.params[c];
    const rows = [...s.trials].sort((a, b) => {
      const va = get(a, this.sort.column);
      const vb = get(b, this.sort.column);
      const order = va === vb ? 0 : va === null || va === undefined ? 1 : vb === null || vb === undefined ? -1 : String(typeof va === 'number' ? va : JSON.stringify(va)).localeCompare(String(typeof vb === 'number' ? vb : JSON.stringify(vb)), undefined, { numeric: true });
      return this.sort.descending ? -order : order;
    });
    const table = el('table', 'trials-table');
    table.dataset.sort = `${this.sort.column}:${this.sort.descending ? 'desc' : 'asc'}`;
    const head = table.createTHead().insertRow();
    for (const c of columns) {
      const th = el('th', 'sortable', c === this.sort.column ? `${c} ${this.sort.descending ? '▼' : '▲'}` : c);
      th.dataset.column = c;
      th.addEventListener('click', () => {
        this.sort = { column: c, descending: this.sort.column === c ? !this.sort.descending : false };
        this.drawTable(s);
      });
      head.append(th);
    }
    const body = table.createTBody();
    for (const t of rows) {
      const row = body.insertRow();
      row.insertCell().textContent = String(t.number);
      row.insertCell().append(el('span', `pill ${t.state}`, t.retryOf === null ? t.state : `${t.state} (retry of ${t.retryOf})`));
      row.insertCell().textContent = num(t.value);
      row.insertCell().textContent = duration(t.durationMs === null ? null : t.durationMs / 1000);
      if (hosts.size > 1) row.insertCell().textContent = t.host ?? '';
      for (const d of dims) row.insertCell().textContent = num(t.params[d]);
      if (t.error !== null) row.title = t.error;
    }
    this.table.replaceChildren(el('h3', '', `Trials (${s.trials.length})`), table);
  }
}
