// Check 1, the data: non-finite values, constant features, class balance, whether preprocessing
// left the training features as the config intends, and rows shared by training and validation.
import type { TrainingData } from '../train/batch.js';
import { type CheckResult, checkResult, fmt } from './check-result.js';
import type { DoctorInput } from './doctor-input.js';
import { encodeBase64 } from '../base64.js';
import { channelStats } from '../data/preprocess/covariance.js';

/** Per-column mean and standard deviation of an n x d row-major matrix. */
export function columnStats(x: ArrayLike<number>, n: number, d: number): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = mean[j]! + x[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j] = mean[j]! / Math.max(1, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const c = x[i * d + j]! - mean[j]!;
      sq[j] = sq[j]! + c * c;
    }
  }
  const std = sq.map((s) => Math.sqrt(s / Math.max(1, n)));
  return { mean, std };
}

function countNonFinite(a: ArrayLike<number>): number {
  let bad = 0;
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) bad++;
  return bad;
}

/**
 * NaN or infinite features or targets in any split: a fail, since one NaN poisons every gradient.
 * @example finiteCheck(input).status; //=> 'pass'
 */
export function finiteCheck(input: DoctorInput): CheckResult {
  const sets: [string, TrainingData | undefined][] = [['training', input.train], ['validation', input.validation]];
  const found: string[] = [];
  for (const [name, set] of sets) {
    if (set === undefined) continue;
    const x = countNonFinite(set.ds.x);
    const y = countNonFinite(set.ds.y);
    if (x > 0) found.push(`${x} ${name} features`);
    if (y > 0) found.push(`${y} ${name} targets`);
  }
  return found.length === 0
    ? checkResult('data: finite values', 'pass', 'no NaN or infinity', 'no NaN or infinity', 'every feature and target is a finite number')
    : checkResult('data: finite values', 'fail', `NaN/inf in ${found.join(', ')}`, 'no NaN or infinity',
        'fix or drop the rows with missing values before training (one NaN makes every gradient NaN)');
}

/**
 * Features with the same value in every training row: they carry no information (a warning).
 * @example constantFeaturesCheck(input).value; //=> '0 of 64 features'
 */
export function constantFeaturesCheck(input: DoctorInput): CheckResult {
  const { ds } = input.train;
  const { std } = columnStats(ds.x, ds.n, ds.d);
  const constant = std.filter((s) => s === 0).length;
  return checkResult('data: constant features', constant === 0 ? 'pass' : 'warn', `${constant} of ${ds.d} features`, '0 constant features',
    constant === 0 ? 'every feature varies' : 'constant features carry no information; they are harmless but could be dropped');
}

/**
 * The smallest class's share over the largest's (classification only): below 0.2 is a warning
 * (accuracy then flatters a model that ignores the rare classes); a missing class is a fail.
 * @example classBalanceCheck(input).status; //=> 'pass'
 */
export function classBalanceCheck(input: DoctorInput): CheckResult {
  const labels = input.train.labels;
  const name = 'data: class balance';
  if (labels === null) return checkResult(name, 'pass', 'regression', 'n/a', 'a regression target has no classes');
  let classes = input.classes ?? 2;
  for (const l of labels) classes = Math.max(classes, l + 1);
  const counts = new Array<number>(classes).fill(0);
  for (const l of labels) counts[l] = counts[l]! + 1;
  const min = Math.min(...counts);
  const max = Math.max(...counts);
  const ratio = max === 0 ? 0 : min / max;
  const value = `smallest/largest class = ${min}/${max} = ${fmt(ratio)}`;
  if (min === 0) return checkResult(name, 'fail', value, 'every class present', `class ${counts.indexOf(0)} has no training examples`);
  return checkResult(name, ratio < 0.2 ? 'warn' : 'pass', value, '>= 0.2',
    ratio < 0.2 ? 'imbalanced classes: watch per-class accuracy, or reweight or resample' : 'classes are roughly balanced');
}

/**
 * Whether the training features are centred (and scaled) as the configured preprocessing leaves them
 * (the formulas of src/data/preprocess/apply-step.ts): standardize -> mean 0, std 1 per varying
 * feature; center/pca -> mean 0; whiten -> mean 0, std at most 1 (sqrt(v / (v + eps))); minmax ->
 * within [-1, 1] (each feature's [min, max] mapped around its midpoint); none -> a warning when
 * features are far from centred or on very different scales.
 * @example preprocessingCheck(input).expected; //=> '|mean| <= 0.01, std 1 ± 0.01'
 */
export function preprocessingCheck(input: DoctorInput): CheckResult {
  const name = 'data: preprocessing';
  const { ds } = input.train;
  const { mean, std } = columnStats(ds.x, ds.n, ds.d);
  const varying = Array.from(std.keys()).filter((j) => std[j]! > 0);
  const maxMean = Math.max(0, ...Array.from(mean, Math.abs));
  const stds = varying.map((j) => std[j]!);
  const steps = input.preprocess ?? [];
  const last = steps.at(-1);
  const range = `max |mean| ${fmt(maxMean)}, std ${fmt(Math.min(...stds, Infinity))} .. ${fmt(Math.max(...stds, 0))}`;
  if ((last === 'standardize per channel' || last === 'center per channel') && ds.shape !== undefined && ds.shape.length === 3) {
    return perChannelCheck(name, ds.x, ds.n, ds.shape, last === 'standardize per channel');
  }
  if (last === 'standardize') {
    const ok = maxMean <= 1e-2 && stds.every((s) => Math.abs(s - 1) <= 1e-2);
    return checkResult(name, ok ? 'pass' : 'fail', range, '|mean| <= 0.01, std 1 ± 0.01 (varying features)',
      ok ? `${last} left the features centred with unit variance` : `${last} did not leave the features centred and scaled: a preprocessing bug`);
  }
  if (last === 'center' || last === 'pca') {
    const ok = maxMean <= 1e-2 * Math.max(1, ...stds);
    return checkResult(name, ok ? 'pass' : 'fail', range, '|mean| ~ 0', ok ? `${last} left the features centred` : `${last} did not centre the features`);
  }
  // Whitening divides by sqrt(eigenvalue + eps), so each direction's std is sqrt(v / (v + eps)) <= 1:
  // near 1 for real directions, below it for those with variance near eps.
  if (last === 'whiten') {
    const ok = maxMean <= 1e-2 && stds.every((s) => s <= 1 + 1e-2);
    return checkResult(name, ok ? 'pass' : 'fail', range, '|mean| <= 0.01, std <= 1.01',
      ok ? 'whiten left the features centred with at most unit variance' : 'whiten did not leave the features centred with at most unit variance');
  }
  if (last === 'minmax') {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of ds.x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    // minmax maps each training feature's [min, max] onto [-1, 1] (apply-step.ts); 1e-6 covers float32 rounding.
    const ok = lo >= -1 - 1e-6 && hi <= 1 + 1e-6;
    return checkResult(name, ok ? 'pass' : 'fail', `range ${fmt(lo)} .. ${fmt(hi)}`, 'within [-1, 1]', ok ? 'minmax scaled the features into [-1, 1]' : 'minmax left features outside [-1, 1]');
  }
  const spread = stds.length === 0 ? 1 : Math.max(...stds) / Math.min(...stds);
  const offCentre = maxMean > 3 * Math.max(1, ...stds);
  const ok = !offCentre && spread <= 100 && Math.max(...stds, 0) <= 100;
  return checkResult(name, ok ? 'pass' : 'warn', range, 'roughly centred, comparable scales',
    ok ? 'no preprocessing configured, and the features are on a sensible scale' : 'features are far from centred or on very different scales: add "standardize" to data.preprocess');
}

/** Per-channel statistics of images: each channel's mean over all its pixels ~ 0 (and std ~ 1). */
function perChannelCheck(name: string, x: Float32Array, n: number, shape: readonly number[], scaled: boolean): CheckResult {
  const [c, h, w] = shape as [number, number, number];
  const { mean: means, std: stds } = channelStats(x, n, c, h * w);
  const maxMean = Math.max(0, ...means.map(Math.abs));
  const value = `per channel: max |mean| ${fmt(maxMean)}, std ${fmt(Math.min(...stds))} .. ${fmt(Math.max(...stds))}`;
  const ok = maxMean <= 1e-2 && (!scaled || stds.every((s) => Math.abs(s - 1) <= 1e-2));
  const what = scaled ? 'centred with unit variance' : 'centred';
  return checkResult(name, ok ? 'pass' : 'fail', value, scaled ? 'per channel |mean| <= 0.01, std 1 ± 0.01' : 'per channel |mean| <= 0.01',
    ok ? `the per-channel step left each channel ${what}` : `the per-channel step did not leave each channel ${what}: a preprocessing bug`);
}

/**
 * Rows that appear in both the training and validation sets (exact duplicates of the features):
 * they leak into the validation score. Any is a warning, more than 10% of validation a fail.
 * @example overlapCheck(input).value; //=> '0 of 360 validation rows'
 */
export function overlapCheck(input: DoctorInput): CheckResult {
  const name = 'data: train/validation overlap';
  const val = input.validation;
  if (val === undefined) return checkResult(name, 'pass', 'no validation split', 'no shared rows', 'nothing to compare');
  const key = (x: Float32Array, i: number, d: number) => encodeBase64(new Uint8Array(x.buffer, x.byteOffset + i * d * 4, d * 4));
  const seen = new Set<string>();
  for (let i = 0; i < input.train.ds.n; i++) seen.add(key(input.train.ds.x, i, input.train.ds.d));
  let shared = 0;
  for (let i = 0; i < val.ds.n; i++) if (seen.has(key(val.ds.x, i, val.ds.d))) shared++;
  const share = shared / Math.max(1, val.ds.n);
  const status = shared === 0 ? 'pass' : share > 0.1 ? 'fail' : 'warn';
  return checkResult(name, status, `${shared} of ${val.ds.n} validation rows`, '0 shared rows',
    shared === 0 ? 'no validation row repeats a training row' : 'duplicate rows leak into the validation score: deduplicate before splitting');
}

/**
 * All of check 1.
 * @example dataChecks(input).map((c) => c.status); //=> ['pass', 'warn', 'pass', 'pass', 'pass']
 */
export function dataChecks(input: DoctorInput): CheckResult[] {
  return [finiteCheck(input), constantFeaturesCheck(input), classBalanceCheck(input), preprocessingCheck(input), overlapCheck(input)];
}
