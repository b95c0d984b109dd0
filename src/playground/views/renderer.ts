// Drawing the store on each animation frame: the boundary when a new one arrived, the live figures,
// neuron maps and histograms when a snapshot carried them, and the curves at most every CHART_MS.
import type { Store } from '../store.js';
import { GRID } from '../protocol.js';
import { byId } from '../controls/form.js';
import { drawBoundary } from './boundary.js';
import { Charts } from './charts.js';
import { drawHistograms } from './histograms.js';
import { showMetrics, showRates } from './metrics.js';
import { NeuronView } from './neurons.js';

/** Curves are redrawn at most this often (uPlot redraws are the page's most expensive paint). */
const CHART_MS = 250;

export class Renderer {
  private readonly charts = new Charts(byId('charts'));
  /** The GRID x GRID canvas the boundary and neuron images are scaled up from. */
  private readonly scratch = new OffscreenCanvas(GRID, GRID);
  private readonly neurons = new NeuronView(byId('neurons'), byId<HTMLCanvasElement>('neuron-large'), this.scratch);
  private lastCharts = 0;
  /** Frames drawn and the step seen since `since`, for the fps and steps/s figures. */
  private rate = { since: 0, frames: 0, step: 0 };

  constructor(private readonly store: Store) {}

  start(): void {
    // The curve options redraw at once, also while paused (no snapshot arrives then).
    for (const id of ['loss-log', 'smoothing']) byId(id).addEventListener('input', () => { this.store.dirty = true; this.lastCharts = 0; });
    requestAnimationFrame(() => this.frame());
  }

  /** Frames per second and steps per second over the last second, as data-metric figures. */
  private countFrame(now: number): void {
    const r = this.rate;
    r.frames++;
    if (now - r.since < 1000) return;
    const step = this.store.latest?.step ?? 0;
    const seconds = (now - r.since) / 1000;
    showRates(r.frames / seconds, Math.max(0, step - r.step) / seconds);
    this.rate = { since: now, frames: 0, step };
  }

  private frame(): void {
    requestAnimationFrame(() => this.frame());
    this.countFrame(performance.now());
    const s = this.store;
    if (!s.dirty || s.ready === undefined) return;
    s.dirty = false;
    const snap = s.latest;
    if (s.boundaryDirty || s.boundary === undefined) drawBoundary(byId<HTMLCanvasElement>('boundary'), s.ready, s.boundary, this.scratch);
    s.boundaryDirty = false;
    showMetrics(snap?.step ?? 0, snap?.epoch ?? 0, s.final ?? s.epochs.at(-1));
    if (snap?.neurons !== undefined) this.neurons.update(snap.neurons);
    if (snap?.histograms !== undefined) drawHistograms(byId('histograms'), snap.histograms);
    const now = performance.now();
    if (now - this.lastCharts >= CHART_MS || snap?.running !== true) {
      this.lastCharts = now;
      const log = byId<HTMLInputElement>('loss-log').checked;
      const smoothing = Number(byId<HTMLInputElement>('smoothing').value);
      this.charts.update(s.epochs, s.norms, { log, smoothing });
    }
  }
}
