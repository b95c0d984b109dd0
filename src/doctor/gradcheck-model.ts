// `descent gradcheck` as a library call: a float64 copy of the model on a handful of examples,
// dropout and regularization off, every parameter tensor compared with centered differences
// (other steps tried on a failure, see gradcheck-steps.ts), then the regularization term alone.
import { backward } from '../autograd/backward.js';
import { gradcheck, type GradcheckReport, type Verdict } from '../check/gradcheck.js';
import { judgeAcrossSteps, type StepAttempt } from './gradcheck-steps.js';
import { ConfigError } from '../errors.js';
import type { Module } from '../nn/module.js';
import { regularizationLoss, regularizedParameters } from '../nn/regularizers.js';
import { Rng } from '../tensor/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import { batchOf } from '../train/batch.js';
import { GRADCHECK_DTYPE, type DoctorInput, setDropout } from './doctor-input.js';
import { fewBatches, sampleRows, trainSteps } from './train-steps.js';

export interface ModelGradcheckOptions {
  /** Training examples in the checked loss (few keep kinks and cost down). Default 3. */
  examples?: number;
  /** Optimizer steps (regularization and dropout off) before checking. Default 0. */
  burnIn?: number;
  /** Coordinates checked per parameter tensor: all when the tensor is smaller. Default 100. */
  coordinates?: number;
  /**
   * Finite-difference step. Default 1e-5. A failing tensor is also checked at 10h, h/10, 100h and
   * h/100, and passes only when both steps on one side pass (see judgeAcrossSteps).
   */
  h?: number;
  /** Seed for the examples and coordinates. Default: the input's seed, else 0. */
  seed?: number;
}

/** One parameter tensor's (or the regularization term's) result. */
export interface ParameterGradcheck {
  readonly name: string;
  readonly checked: number;
  readonly kinks: number;
  readonly maxRelativeError: number;
  readonly verdict: Verdict;
  readonly passed: boolean;
  /** The step the reported result used: the default, or the nearer of two other steps that both passed. */
  readonly h: number;
  /** Every step tried after a failure at the default, with its max relative error and verdict. */
  readonly retries: readonly StepAttempt[];
  /** Largest |analytic gradient| of the tensor. */
  readonly maxGradient: number;
  /** True when some input's gradients were all within roundoff of 0 (verdict 'inconclusive', not passed). */
  readonly smallGradients: boolean;
  /** gradcheck's warnings for the step reported (why a verdict is inconclusive). */
  readonly warnings: readonly string[];
}

export interface ModelGradcheckReport {
  readonly passed: boolean;
  readonly examples: number;
  readonly parameters: readonly ParameterGradcheck[];
}

type GradcheckInput = Pick<DoctorInput, 'model' | 'train' | 'loss' | 'regularization' | 'optimizer' | 'batchSize' | 'seed'>;

function maxAbsGradients(f: () => Tensor, params: readonly Tensor[]): number[] {
  for (const p of params) p.grad = null;
  backward(f());
  const out = params.map((p) => {
    let m = 0;
    const g = p.grad?.data;
    if (g !== undefined) for (let i = 0; i < g.length; i++) m = Math.max(m, Math.abs(g[i]!));
    return m;
  });
  for (const p of params) p.grad = null;
  return out;
}

function checkTensors(name: string, f: () => Tensor, params: readonly Tensor[], maxGradient: number, o: Required<Omit<ModelGradcheckOptions, 'burnIn' | 'examples'>>): ParameterGradcheck {
  const run = (h: number): GradcheckReport => gradcheck(() => f(), params, { h, samples: o.coordinates, seed: o.seed });
  const { report: chosen, h, retries } = judgeAcrossSteps(run, o.h);
  const sum = (k: 'checked' | 'kinks') => chosen.inputs.reduce((a, r) => a + r[k], 0);
  // The verdict of the worst input that had one; inconclusive only when none had.
  const read = chosen.inputs.filter((r) => r.verdict !== 'inconclusive');
  const verdict = read.length === 0 ? 'inconclusive' : read.reduce((a, r) => (r.maxRelativeError > a.maxRelativeError ? r : a)).verdict;
  return {
    name, checked: sum('checked'), kinks: sum('kinks'), maxRelativeError: chosen.maxRelativeError,
    verdict, passed: chosen.passed, h, retries, maxGradient,
    smallGradients: chosen.inputs.some((r) => r.verdict === 'inconclusive' && r.checked > 0),
    warnings: chosen.warnings,
  };
}

/**
 * Gradient-checks every parameter tensor of the input's model in float64 on a few training
 * examples (dropout and regularization off), then the regularization term alone.
 * @throws ConfigError when `examples`, `coordinates` or `burnIn` is not a positive integer (>= 0 for burnIn).
 * @example
 * const report = gradcheckModel(input, { examples: 3 });
 * report.parameters.map((p) => [p.name, p.verdict]); //=> [['layers.0.weight', 'fine'], ...]
 */
export function gradcheckModel(input: GradcheckInput, options: ModelGradcheckOptions = {}): ModelGradcheckReport {
  const examples = positiveInt(options.examples ?? 3, 'examples', 1);
  const burnIn = positiveInt(options.burnIn ?? 0, 'burnIn', 0);
  const coordinates = positiveInt(options.coordinates ?? 100, 'coordinates', 1);
  const h = options.h ?? 1e-5;
  if (!(h > 0 && Number.isFinite(h))) throw new ConfigError('h', `expected a positive step, got ${h}`);
  const seed = options.seed ?? input.seed ?? 0;
  const rng = new Rng(seed);
  const model: Module = setDropout(input.model(GRADCHECK_DTYPE).train(), false);
  if (burnIn > 0) {
    const optimizer = input.optimizer(model);
    trainSteps({ model, optimizer, loss: input.loss, batches: fewBatches(input.train, input.batchSize, Math.min(burnIn, 8), rng.fork(), GRADCHECK_DTYPE), steps: burnIn });
  }
  const batch = batchOf(input.train, sampleRows(input.train.ds.n, examples, rng.fork()), GRADCHECK_DTYPE);
  const f = (): Tensor => input.loss.fn(model.forward(batch.x), batch.target);
  const named = model.namedParameters();
  const settings = { h, coordinates, seed };
  const maxGrads = maxAbsGradients(f, named.map(([, p]) => p));
  const parameters = named.map(([name, p], i) => checkTensors(name, f, [p], maxGrads[i]!, settings));
  const reg = input.regularization;
  if (reg !== undefined && (reg.l2 ?? 0) + (reg.l1 ?? 0) + (reg.elasticNet?.lambda ?? 0) > 0) {
    const params = regularizedParameters(model, reg.includeBiases ?? false);
    const penalty = (): Tensor => regularizationLoss(model, reg);
    if (params.length > 0) parameters.push(checkTensors('regularization', penalty, params, Math.max(...maxAbsGradients(penalty, params)), settings));
  }
  for (const [, p] of named) p.grad = null;
  return { passed: parameters.every((p) => p.passed), examples: batch.size, parameters };
}

function positiveInt(v: number, name: string, min: number): number {
  if (!Number.isInteger(v) || v < min) throw new ConfigError(name, `expected an integer >= ${min}, got ${v}`);
  return v;
}
