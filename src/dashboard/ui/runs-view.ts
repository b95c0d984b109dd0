/// <reference lib="dom" />
// The runs view: the list of runs on the left; on the right the charts of the selected runs
// (overlaid), first-layer weights, config and the doctor's report.
import type { RunDetail, RunSummary, WeightsImages } from '../api.js';
import { activationsCard } from './activation-maps.js';
import { Chart } from './chart.js';
import { duration, el, getJson, pct, startTime } from './format.js';
import { accuracyChart, lossChart, lrChart, recordChart } from './run-charts.js';
import { renderDetails, renderWeights } from './run-details.js';

/** Update ratios near 1e-3 are healthy (the notes' rule of thumb); shade half a decade each side. */
const RATIO_BAND = [1e-3 / Math.sqrt(10), 1e-3 * Math.sqrt(10), 1e-3] as const;

/**
 * The runs view mounted in `root`.
 * @example const view = new RunsView(document.querySelector('#runs')!); await view.load();
 */
export class RunsView {
  private runs: RunSummary[] = [];
  private selected: string[] = [];
  private readonly details = new Map<string, RunDetail>();
  private smoothing = 0.6;
  private logLoss = false;
  private readonly list = el('div', 'run-list card');
  private readonly warnings = el('div', 'warnings');
  private readonly grid = el('div', 'grid');
  private readonly extra = el('div', 'extra');
  private readonly charts: Record<'loss' | 'accuracy' | 'lr' | 'ratios' | 'dead', Chart>;

  constructor(readonly root: HTMLElement) {
    const main = el('div', 'run-main');
    main.append(this.warnings, this.controls(), this.grid, this.extra);
    root.append(this.list, main);
    this.charts = {
      loss: new Chart(this.grid, 'loss', 'Loss per iteration', { xLabel: 'step', yLabel: 'data loss' }),
      accuracy: new Chart(this.grid, 'accuracy', 'Accuracy per epoch (dashed: train, solid: validation)', { xLabel: 'epoch', yLabel: 'accuracy' }),
      lr: new Chart(this.grid, 'lr', 'Learning rate', { xLabel: 'step', yLabel: 'lr' }),
      ratios: new Chart(this.grid, 'ratios', 'Update / weight ratio per parameter (band: ~1e-3)', { xLabel: 'epoch', yLabel: 'ratio', yLog: true, band: RATIO_BAND, yInclude: [1e-4, 1e-2] }),
      dead: new Chart(this.grid, 'dead', 'Dead ReLU fraction per layer', { xLabel: 'epoch', yLabel: 'fraction', yInclude: [0, 1] }),
    };
  }

  private controls(): HTMLElement {
    const bar = el('div', 'controls card');
    const label = el('label', '', 'Smoothing ');
    const slider = el('input');
    slider.type = 'range';
    slider.min = '0';
    slider.max = '0.99';
    slider.step = '0.01';
    slider.value = String(this.smoothing);
    slider.id = 'smoothing';
    const shown = el('span', 'mono', this.smoothing.toFixed(2));
    slider.addEventListener('input', () => {
      this.smoothing = Number(slider.value);
      shown.textContent = this.smoothing.toFixed(2);
      this.drawCharts();
    });
    label.append(slider, shown);
    const logLabel = el('label', '', ' ');
    const log = el('input');
    log.type = 'checkbox';
    log.id = 'log-loss';
    log.addEventListener('change', () => {
      this.logLoss = log.checked;
      this.charts.loss.setOptions({ xLabel: 'step', yLabel: 'data loss', yLog: this.logLoss });
      this.drawCharts();
    });
    logLabel.append(log, document.createTextNode(' log scale'));
    bar.append(label, logLabel);
    return bar;
  }

  /** Fetches the list, picks a first run, and draws. */
  async load(): Promise<void> {
    await this.refreshList();
    const first = this.runs.at(-1);
    if (this.selected.length === 0 && first !== undefined) await this.select([first.id]);
  }

  /** Re-reads the runs list. */
  async refreshList(): Promise<void> {
    this.runs = await getJson<RunSummary[]>('/api/runs');
    this.drawList();
    this.drawWarnings();
  }

  /** Re-reads one run (after a live event) if it is shown. */
  async refreshRun(id: string): Promise<void> {
    if (!this.selected.includes(id)) return;
    const before = this.details.get(id);
    const after = await getJson<RunDetail>(`/api/runs/${id}?points=2000`);
    this.details.set(id, after);
    this.drawCharts();
    // The model file and doctor report appear when a run ends: redraw what sits below the charts.
    if (before?.summary.status !== after.summary.status || before.hasWeights !== after.hasWeights) await this.drawExtra();
  }

  private async select(ids: string[]): Promise<void> {
    this.selected = ids;
    await Promise.all(ids.map(async (id) => this.details.set(id, await getJson<RunDetail>(`/api/runs/${id}?points=2000`))));
    this.drawList();
    this.drawCharts();
    await this.drawExtra();
  }

  private drawList(): void {
    const table = el('table', 'runs');
    const head = table.createTHead().insertRow();
    for (const h of ['', 'run', 'status', 'best val', 'epochs', 'time']) head.append(el('th', '', h));
    const body = table.createTBody();
    for (const r of this.runs) {
      const row = body.insertRow();
      row.className = this.selected.includes(r.id) ? 'selected' : '';
      row.dataset.run = r.id;
      const box = el('input');
      box.type = 'checkbox';
      box.title = 'overlay for comparison';
      box.checked = this.selected.includes(r.id);
      box.addEventListener('click', (e) => {
        e.stopPropagation();
        const next = box.checked ? [...this.selected, r.id] : this.selected.filter((s) => s !== r.id);
        void this.select(next);
      });
      row.insertCell().append(box);
      // Reruns share a name: the start time and the directory under it tell them apart.
      row.title = r.dir;
      const name = row.insertCell();
      name.append(el('span', 'run-name', r.name), ...(r.problems.length > 0 ? [el('span', 'warn-dot', ' ⚠')] : []));
      name.append(el('div', 'run-sub run-started muted', startTime(r.startedAt)), el('div', 'run-sub run-dir mono muted', r.dir));
      row.insertCell().append(el('span', `pill ${r.status}`, r.status));
      row.insertCell().textContent = pct(r.bestValAccuracy);
      row.insertCell().textContent = String(r.epochs);
      row.insertCell().textContent = duration(r.seconds);
      row.addEventListener('click', () => void this.select([r.id]));
    }
    this.list.replaceChildren(el('h2', '', 'Runs'), this.runs.length === 0 ? el('p', 'muted', 'No runs found yet.') : table);
  }

  private drawWarnings(): void {
    const items = this.runs.filter((r) => r.problems.length > 0).map((r) => {
      const first = r.problems[0]!;
      return el('div', 'warning', `⚠ ${r.name}: ${r.problems.length} unreadable line(s) in metrics.jsonl skipped (line ${first.line}: ${first.reason})`);
    });
    this.warnings.replaceChildren(...items);
  }

  private shown(): RunDetail[] {
    return this.selected.flatMap((id) => {
      const d = this.details.get(id);
      return d === undefined ? [] : [d];
    });
  }

  private drawCharts(): void {
    const runs = this.shown();
    this.charts.loss.update(lossChart(runs, this.smoothing, this.logLoss));
    this.charts.accuracy.update(accuracyChart(runs));
    this.charts.lr.update(lrChart(runs));
    this.charts.ratios.update(recordChart(runs, (r) => r.updateRatios, true));
    this.charts.dead.update(recordChart(runs, (r) => r.deadRelu, false));
  }

  private async drawExtra(): Promise<void> {
    const runs = this.shown();
    const blocks: HTMLElement[] = [];
    for (const r of runs) {
      let weights: WeightsImages | null = null;
      if (r.hasWeights) weights = await getJson<WeightsImages>(`/api/runs/${r.summary.id}/weights`).catch(() => null);
      const block = el('div', 'run-extra');
      block.append(el('h2', '', r.summary.name));
      if (weights !== null) block.append(renderWeights(weights));
      // Only a convnet's first layer is filters; only a convnet has maps to show (and is asked for them).
      if (weights?.kind === 'filters') block.append(activationsCard(r.summary.id));
      block.append(renderDetails(r));
      blocks.push(block);
    }
    this.extra.replaceChildren(...blocks);
  }
}
