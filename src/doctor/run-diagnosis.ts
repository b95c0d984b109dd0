// `descent doctor --run`: reading a finished run's log (metrics.jsonl) for the notes' symptoms:
// the train/validation gap, plateaus and blow-ups of the loss, a learning rate too low (the loss
// falls slowly and linearly) or too high, and the update ratios and dead units over time.
import type { EpochEvent, RunEvent } from '../train/run-log.js';
import { type CheckResult, checkResult, fmt } from './check-result.js';
import { highLrEvidence } from './high-lr-evidence.js';
import { lossCurves, slowLinearFall, stillFalling } from './loss-curve.js';

/**
 * The run's outcome: diverged fails, an unfinished run (no end record) warns.
 * @example runStatusCheck(events).status; //=> 'pass'
 */
export function runStatusCheck(events: readonly RunEvent[]): CheckResult {
  const name = 'run: outcome';
  const end = events.find((e) => e.type === 'end');
  if (end === undefined) return checkResult(name, 'warn', 'no end record', 'finished', 'the run is still going, or was killed: the figures below are partial');
  if (end.status === 'diverged') return checkResult(name, 'fail', `diverged after ${end.epochs} epochs`, 'finished', end.message ?? 'the loss became NaN: lower the learning rate');
  return checkResult(name, 'pass', `${end.status} after ${end.epochs} epochs`, 'finished', end.status === 'stopped-early' ? 'early stopping ended it' : 'ran all epochs');
}

/**
 * Train/validation gap at the last epoch: accuracy gap above 0.1 (or validation loss 1.5x the
 * training loss) warns of overfitting; no gap with training accuracy below 0.99 warns too, and
 * suggests more capacity only once the loss has flattened: while either loss curve still falls
 * steadily the model has not shown its capacity yet (train longer or raise the learning rate), nor
 * when the run's figures blame a learning rate too high (high-lr-evidence.ts).
 * @example gapCheck(epochs).hint; //=> 'overfitting: more regularization (l2, dropout) or more data'
 */
export function gapCheck(epochs: readonly EpochEvent[]): CheckResult {
  const name = 'run: train/validation gap';
  const last = epochs.at(-1);
  if (last === undefined) return checkResult(name, 'warn', 'no epochs', 'a finished epoch', 'nothing to read yet');
  if (last.trainAccuracy !== undefined && last.valAccuracy !== undefined) {
    const gap = last.trainAccuracy - last.valAccuracy;
    const value = `train accuracy ${fmt(last.trainAccuracy)}, validation ${fmt(last.valAccuracy)} (gap ${fmt(gap)})`;
    if (gap > 0.1) return checkResult(name, 'warn', value, 'gap <= 0.1', 'overfitting: more regularization (l2, dropout) or more data');
    if (gap < 0.01 && last.trainAccuracy < 0.99) {
      const falling = lossCurves(epochs).filter((c) => stillFalling(c.losses)).map((c) => `${c.name} loss`);
      const highLr = highLrEvidence(epochs);
      const hint = highLr !== undefined
        ? `no gap and training accuracy below 99%, but the learning rate looks too high (${highLr}; expected ~1e-3): lower it before judging capacity`
        : falling.length > 0
        ? `no gap and training accuracy below 99%, but the ${falling.join(' and ')} ${falling.length > 1 ? 'are' : 'is'} still falling steadily: train longer or raise the learning rate before judging capacity`
        : 'no gap, training accuracy below 99% and the loss has flattened: the model may lack capacity (more units or layers)';
      return checkResult(name, 'warn', value, 'a small gap', hint);
    }
    return checkResult(name, 'pass', value, 'gap <= 0.1', 'training and validation agree');
  }
  if (last.valLoss === undefined) return checkResult(name, 'pass', `train loss ${fmt(last.trainLoss)}`, 'a validation split', 'no validation split to compare with');
  const ratio = last.valLoss / last.trainLoss;
  const value = `train loss ${fmt(last.trainLoss)}, validation ${fmt(last.valLoss)} (x${fmt(ratio)})`;
  return ratio > 1.5
    ? checkResult(name, 'warn', value, 'validation/train <= 1.5', 'overfitting: more regularization or more data')
    : checkResult(name, 'pass', value, 'validation/train <= 1.5', 'training and validation agree');
}

/**
 * The shape of the loss over epochs: a blow-up of the training loss (non-finite, or 50% above its
 * best) fails or warns; a near-linear slow fall of the training or the validation loss warns of a
 * low learning rate (the validation loss counts because dropout makes the training loss noisy); a
 * plateau of the training loss over the last third of the run (under 1% relative improvement) warns.
 * @example lossTrendCheck(epochs).status; //=> 'pass'
 */
export function lossTrendCheck(epochs: readonly EpochEvent[]): CheckResult {
  const name = 'run: loss trend';
  const losses = epochs.map((e) => e.trainLoss);
  if (losses.length < 3) return checkResult(name, 'pass', `${losses.length} epochs`, '>= 3 epochs', 'too short to read a trend');
  const value = `train loss ${fmt(losses[0]!)} -> ${fmt(losses.at(-1)!)} over ${losses.length} epochs`;
  if (losses.some((l) => !Number.isFinite(l))) return checkResult(name, 'fail', value, 'finite and falling', 'the loss blew up: the learning rate is too high');
  let best = Infinity;
  let spike = 0;
  for (const l of losses) {
    if (l > 1.5 * best) spike = Math.max(spike, l / best);
    best = Math.min(best, l);
  }
  if (spike > 0) return checkResult(name, 'warn', `${value}; rose to x${fmt(spike)} its best`, 'no rise above 1.5x the best', 'the loss jumped up: the learning rate is likely too high');
  for (const curve of lossCurves(epochs)) {
    const linear = slowLinearFall(curve.losses);
    if (linear === null) continue;
    const ls = curve.losses;
    // R^2 truncated, not rounded: 0.99997 reads 0.9999, not a perfect 1.0000.
    const what = curve.name === 'train' ? value : `${value}; validation loss ${fmt(ls[0]!)} -> ${fmt(ls.at(-1)!)}`;
    return checkResult(name, 'warn', `${what} (${curve.name} loss linear, R^2 ${(Math.floor(linear.r2 * 1e4) / 1e4).toFixed(4)}, ${fmt(100 * linear.fall)}% fall)`, 'a fast, then flattening fall',
      `the ${curve.name} loss falls slowly and linearly: the learning rate is probably too low`);
  }
  const third = Math.max(1, Math.floor(losses.length / 3));
  const tail = losses.slice(-third - 1);
  const recent = (tail[0]! - tail.at(-1)!) / Math.max(Math.abs(tail[0]!), 1e-12);
  if (losses.length >= 6 && recent < 0.01 && losses.at(-1)! > 0.05 * losses[0]!) {
    const highLr = highLrEvidence(epochs);
    const hint = highLr === undefined
      ? 'the loss has plateaued: decay the learning rate, or the model has reached its capacity'
      : `the loss has plateaued with a learning rate that looks too high (${highLr}): lower it`;
    return checkResult(name, 'warn', `${value}; last ${third} epochs improved ${fmt(100 * recent)}%`, 'still falling, or converged', hint);
  }
  return checkResult(name, 'pass', value, 'a fast, then flattening fall', 'the loss falls as expected');
}

/**
 * Update-to-weight ratios of weight tensors over the run: outside [1e-4, 1e-2] at the last epoch warns
 * (blaming a high learning rate, not a low one, for ratios near 0 after ratios above 1e-1).
 * @example ratioTrendCheck(epochs).value; //=> 'layers.0.weight 3.1e-3 -> 1.2e-3'
 */
export function ratioTrendCheck(epochs: readonly EpochEvent[]): CheckResult {
  const name = 'run: update-to-weight ratio';
  const first = epochs[0]?.updateRatios ?? {};
  const last = epochs.at(-1)?.updateRatios ?? {};
  const names = Object.keys(last).filter((n) => n.endsWith('weight'));
  if (names.length === 0) return checkResult(name, 'pass', 'no ratios recorded', '~1e-3', 'nothing to read');
  const value = names.map((n) => `${n} ${fmt(first[n] ?? NaN)} -> ${fmt(last[n]!)}`).join(', ');
  const off = names.filter((n) => !(last[n]! >= 1e-4 && last[n]! <= 1e-2));
  if (off.length === 0) return checkResult(name, 'pass', value, '~1e-3 (1e-4 .. 1e-2)', 'healthy update sizes at the end of training');
  // Tiny final updates after huge early ones are a net the learning rate killed, not a low rate.
  const highLr = off.every((n) => last[n]! < 1e-4) ? highLrEvidence(epochs) : undefined;
  const hint = highLr === undefined
    ? `ratios out of range at the end for ${off.join(', ')}: the learning rate (or its schedule) is ${off.some((n) => last[n]! > 1e-2) ? 'high' : 'low'} there`
    : `ratios near 0 at the end for ${off.join(', ')} after a learning rate too high earlier (${highLr}): the updates stopped (dead units, saturated outputs); lower the learning rate`;
  return checkResult(name, 'warn', value, '~1e-3 (1e-4 .. 1e-2)', hint);
}

/**
 * Dead relu fractions over the run: above 0.2 at the last epoch warns, every unit dead fails.
 * @example deadTrendCheck(epochs).status; //=> 'pass'
 */
export function deadTrendCheck(epochs: readonly EpochEvent[]): CheckResult {
  const name = 'run: dead units';
  const first = epochs[0]?.deadRelu ?? {};
  const last = epochs.at(-1)?.deadRelu ?? {};
  const names = Object.keys(last);
  if (names.length === 0) return checkResult(name, 'pass', 'no relu layers', 'dead <= 0.2', 'nothing to read');
  const value = names.map((n) => `${n} ${fmt(first[n] ?? NaN)} -> ${fmt(last[n]!)}`).join(', ');
  const worst = Math.max(...names.map((n) => last[n]!));
  const status = worst >= 1 ? 'fail' : worst > 0.2 ? 'warn' : 'pass';
  return checkResult(name, status, value, 'dead <= 0.2', status === 'pass' ? 'relu units stay alive' : 'many relu units died during training: lower the learning rate');
}

/**
 * Every run diagnosis, from a run log's events.
 * @example diagnoseRun(readRunLog('runs/x/metrics.jsonl').events).length; //=> 5
 */
export function diagnoseRun(events: readonly RunEvent[]): CheckResult[] {
  const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
  return [runStatusCheck(events), gapCheck(epochs), lossTrendCheck(epochs), ratioTrendCheck(epochs), deadTrendCheck(epochs)];
}
