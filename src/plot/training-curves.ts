// The curves.svg of a training run: loss per iteration (with the validation loss at epoch ends)
// beside accuracy (or loss) per epoch.
import { chartPanel, type Series } from './line-chart.js';
import { smooth } from './smooth.js';
import { el, escapeXml, PALETTE, px, svgDocument } from './svg.js';

/** What `trainingCurves` draws: the iteration and epoch records of a run log. */
export interface TrainingHistory {
  readonly title?: string;
  readonly iterations: readonly { readonly step: number; readonly loss: number }[];
  readonly epochs: readonly {
    readonly epoch: number;
    /** The global step the epoch ended at: where its validation loss sits on the iteration axis. */
    readonly step?: number;
    readonly trainAccuracy?: number;
    readonly valAccuracy?: number;
    readonly trainLoss?: number;
    readonly valLoss?: number;
  }[];
}

/** Options of `trainingCurves`. */
export interface TrainingCurvesOptions {
  /**
   * EMA weight of the smoothed loss line, in [0, 1). Default: 1 - 100 / iterations clamped to
   * [0.6, 0.98]: TensorBoard's 0.6 for short runs, and for long ones an averaging window of about
   * 1% of the run (at most 50 steps), which calms the noise without visibly lagging the descent.
   */
  readonly smoothing?: number;
  /** Log scale for the loss axes (default false). */
  readonly logLoss?: boolean;
  /** Size of the whole picture in pixels (default 1100 x 420). */
  readonly width?: number;
  readonly height?: number;
}

const TITLE_HEIGHT = 30;

/**
 * Two charts side by side in one SVG: (1) the (data) loss of every iteration, raw and faint, with
 * its smoothed line, and the validation loss of each epoch at the epoch's last step; (2) train and validation accuracy per epoch, or train and validation loss per
 * epoch when the run has no accuracy (regression). Missing validation figures are left out.
 * @example
 * trainingCurves({ iterations: [{ step: 1, loss: 2.3 }], epochs: [{ epoch: 1, trainAccuracy: 0.4 }] });
 * //=> '<svg xmlns="http://www.w3.org/2000/svg" width="1100" height="420" …</svg>\n'
 */
export function trainingCurves(history: TrainingHistory, options: TrainingCurvesOptions = {}): string {
  const width = options.width ?? 1100;
  const height = options.height ?? 420;
  const title = history.title ?? 'Training curves';
  const logY = options.logLoss ?? false;
  const panelWidth = width / 2;
  const panelHeight = height - TITLE_HEIGHT;

  const losses = history.iterations.map((it) => it.loss);
  const weight = options.smoothing ?? Math.min(0.98, Math.max(0.6, 1 - 100 / Math.max(1, losses.length)));
  const smoothed = smooth(losses, weight);
  const lossSeries: Series[] = [
    { name: 'loss', points: history.iterations.map((it) => ({ x: it.step, y: it.loss })), color: PALETTE[0]!,
      opacity: 0.3, width: 1 },
    { name: 'loss (smoothed)', points: history.iterations.map((it, i) => ({ x: it.step, y: smoothed[i]! })),
      color: PALETTE[0]!, width: 2 },
    ...validationLoss(history.epochs),
  ];
  const left = chartPanel(
    { title: 'Loss per iteration', xLabel: 'iteration', yLabel: 'data loss', series: lossSeries, logY },
    { x: 0, y: TITLE_HEIGHT, width: panelWidth, height: panelHeight },
  );
  const right = chartPanel(epochChart(history.epochs, logY), {
    x: panelWidth, y: TITLE_HEIGHT, width: panelWidth, height: panelHeight,
  });
  const heading = el('text', { x: px(width / 2), y: 20, 'text-anchor': 'middle', 'font-size': 16,
    'font-weight': 'bold', fill: '#333333', class: 'title' }, escapeXml(title));
  return svgDocument(width, height, title, heading + left + right);
}

/** The validation loss of each epoch that has one, on the iteration axis; none without a split. */
function validationLoss(epochs: TrainingHistory['epochs']): Series[] {
  const points = epochs.flatMap((e) => (e.valLoss === undefined || e.step === undefined ? [] : [{ x: e.step, y: e.valLoss }]));
  if (points.length === 0) return [];
  return [{ name: 'validation loss (epoch end)', points, color: PALETTE[1]!, width: 2, markers: points.length <= 60 }];
}

function epochChart(epochs: TrainingHistory['epochs'], logLoss: boolean) {
  const hasAccuracy = epochs.some((e) => e.trainAccuracy !== undefined || e.valAccuracy !== undefined);
  const [trainKey, valKey] = hasAccuracy
    ? (['trainAccuracy', 'valAccuracy'] as const)
    : (['trainLoss', 'valLoss'] as const);
  const series: Series[] = [];
  const add = (name: string, key: typeof trainKey | typeof valKey, color: string) => {
    const points = epochs.flatMap((e) => (e[key] === undefined ? [] : [{ x: e.epoch, y: e[key] }]));
    // Dots help read a few epochs; over hundreds they only blur the line.
    if (points.length > 0) series.push({ name, points, color, markers: points.length <= 60 });
  };
  add('train', trainKey, PALETTE[0]!);
  add('validation', valKey, PALETTE[1]!);
  const what = hasAccuracy ? 'accuracy' : 'loss';
  return {
    title: `${hasAccuracy ? 'Accuracy' : 'Loss'} per epoch`,
    xLabel: 'epoch',
    yLabel: what,
    series,
    logY: !hasAccuracy && logLoss,
  };
}
