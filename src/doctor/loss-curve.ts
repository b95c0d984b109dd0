// The shape of a loss curve over epochs, for `descent doctor --run`: whether it falls slowly and
// linearly (a learning rate too low, the notes' symptom) and whether it has flattened out. Both
// the training and the validation curve are read: the training loss is averaged over batches under
// dropout and noisy, while the validation loss of the same run can be an almost perfect line.
import type { EpochEvent } from '../train/run-log.js';

/** A named loss curve of a run, one value per epoch. */
export interface LossCurve {
  readonly name: 'train' | 'validation';
  readonly losses: readonly number[];
}

/** Least-squares slope of (i, ys[i]) and its R^2 (0 for a flat or single-point curve). */
function fitLine(ys: readonly number[]): { slope: number; r2: number } {
  const n = ys.length;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  ys.forEach((y, i) => {
    sxy += (i - mx) * (y - my);
    sxx += (i - mx) ** 2;
    syy += (y - my) ** 2;
  });
  if (sxx === 0) return { slope: 0, r2: 0 };
  return { slope: sxy / sxx, r2: syy === 0 ? 0 : (sxy * sxy) / (sxx * syy) };
}

/**
 * The run's loss curves: training always, validation when every epoch recorded it.
 * @example lossCurves(epochs).map((c) => c.name); //=> ['train', 'validation']
 */
export function lossCurves(epochs: readonly EpochEvent[]): LossCurve[] {
  const curves: LossCurve[] = [{ name: 'train', losses: epochs.map((e) => e.trainLoss) }];
  const val = epochs.map((e) => e.valLoss);
  if (val.length > 0 && val.every((v): v is number => v !== undefined)) curves.push({ name: 'validation', losses: val });
  return curves;
}

/** What `slowLinearFall` measured: the line's R^2 and the fraction of the first loss shed. */
export interface LinearFall {
  readonly r2: number;
  readonly fall: number;
}

/**
 * A slow linear fall: at least 5 finite epochs, falling, a line fits with R^2 > 0.98 and the loss
 * shed under half its first value. Null otherwise.
 * @example slowLinearFall([2.3, 2.28, 2.26, 2.24, 2.22]); //=> { r2: 1 (to rounding), fall: 0.0348 } (0.08 / 2.3)
 */
export function slowLinearFall(losses: readonly number[]): LinearFall | null {
  if (losses.length < 5 || !losses.every(Number.isFinite)) return null;
  const { slope, r2 } = fitLine(losses);
  const fall = (losses[0]! - losses.at(-1)!) / Math.abs(losses[0]!);
  return slope < 0 && r2 > 0.98 && fall > 0 && fall < 0.5 ? { r2, fall } : null;
}

/**
 * Still falling steadily: at least 5 finite epochs and the last third (at least 3 epochs) falls at
 * half the whole run's rate or more (least-squares slopes), so nothing says the loss has flattened.
 * A fast fall that flattens (the healthy shape) or a plateau is not still falling.
 * @example stillFalling([2.3, 2.2, 2.1, 2.0, 1.9, 1.8]); //=> true
 */
export function stillFalling(losses: readonly number[]): boolean {
  if (losses.length < 5 || !losses.every(Number.isFinite)) return false;
  const whole = fitLine(losses).slope;
  const tail = fitLine(losses.slice(-Math.max(3, Math.ceil(losses.length / 3)))).slope;
  return whole < 0 && tail <= 0.5 * whole;
}
