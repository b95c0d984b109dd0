// Limited-memory BFGS for full-batch problems: a closure recomputes loss and gradients, a line
// search picks each step. Works on the parameters as one flat float64 vector.
import { ConfigError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Closure, runClosure } from './closure.js';
import { backtracking } from './line-search/backtracking.js';
import type { LineSearchProblem } from './line-search/line-search.js';
import { strongWolfe } from './line-search/strong-wolfe.js';
import { type ParameterOptimizer, zeroGrads } from './optimizer.js';
import { normalizeParams, type ParamList, type ParamsInput } from './params.js';
import {
  loadStateDictInto,
  makeStateDict,
  type OptimizerStateDict,
  type StateDictParts,
} from './state-dict.js';
import { checkNumber, NON_NEGATIVE } from './validate.js';
import { checkLbfgsOptions, type LbfgsOptions, type LbfgsSettings } from './lbfgs-options.js';
import { dot, maxAbs, sumAbs, type FlatParams, flatLayout } from './flat.js';
import { lbfgsDirection, type LbfgsState, pushPair } from './lbfgs-direction.js';

/**
 * Limited-memory BFGS (Liu & Nocedal 1989, https://doi.org/10.1007/BF01589116; Nocedal & Wright,
 * Algorithm 7.4), in PyTorch's shape. Each `step(closure)` runs up to `maxIter` iterations of
 *
 *     d = -H g              (two-loop recursion over the last `history` pairs, H0 = s.y / y.y)
 *     t = line search along d from t0 (t0 = lr; min(1, 1/|g|_1) * lr on the very first iteration)
 *     x = x + t * d
 *
 * and returns the loss from before the step. It needs a closure that recomputes the loss and
 * gradients (zeroGrad, forward, backward, return the loss). State persists across steps.
 * @example
 * const opt = lbfgs([x], { history: 10, lineSearch: 'strongWolfe' });
 * opt.step(() => { opt.zeroGrad(); const loss = f(x); loss.backward(); return loss; });
 */
export class LBFGS implements ParameterOptimizer {
  readonly type = 'lbfgs';
  readonly needsClosure = true;
  readonly params: readonly Tensor[];
  readonly names: readonly string[];
  trackUpdateNorms: boolean;
  private readonly list: ParamList;
  private readonly settings: Omit<LbfgsSettings, 'lr'>;
  private readonly hyper: { lr: number };
  private readonly state: LbfgsState;
  private readonly flat: FlatParams;
  private readonly g: Float64Array;
  private readonly x0: Float64Array;
  private readonly alpha: Float64Array;
  private readonly updateNorms: Float64Array;
  private readonly paramNorms: Float64Array;
  private closure: Closure | undefined;
  /** Parameters at the start of a step, allocated the first time update norms are tracked. */
  private xStart: Float64Array | undefined;
  private steps = 0;
  private lastT = NaN;
  private readonly problem: { evaluate: LineSearchProblem['evaluate']; gtd: number };

  /** @throws ConfigError naming the bad option or parameter. */
  constructor(params: ParamsInput, options: LbfgsOptions = {}) {
    this.list = normalizeParams(params, 'lbfgs');
    this.params = this.list.tensors;
    this.names = this.list.names;
    this.trackUpdateNorms = options.trackUpdateNorms ?? false;
    const { lr, ...settings } = checkLbfgsOptions(options);
    this.hyper = { lr };
    this.settings = settings;
    this.flat = flatLayout(this.params);
    const n = this.flat.size;
    const m = this.settings.history;
    this.state = {
      iterations: 0,
      funcEvals: 0,
      t: 0,
      hDiag: 1,
      prevLoss: NaN,
      count: 0,
      head: 0,
      d: new Float64Array(n),
      prevGrad: new Float64Array(n),
      s: new Float64Array(m * n),
      y: new Float64Array(m * n),
      rho: new Float64Array(m),
    };
    this.g = new Float64Array(n);
    this.x0 = new Float64Array(n);
    this.alpha = new Float64Array(m);
    this.updateNorms = new Float64Array(this.params.length);
    this.paramNorms = new Float64Array(this.params.length);
    this.problem = { evaluate: (t) => this.evaluateAt(t), gtd: 0 };
  }

  get lr(): number {
    return this.hyper.lr;
  }

  set lr(value: number) {
    this.hyper.lr = checkNumber(value, 'lr', NON_NEGATIVE);
  }

  get momentum(): number | undefined {
    return undefined;
  }

  set momentum(_value: number) {
    throw new ConfigError('momentum', 'lbfgs has no momentum to set');
  }

  get stepCount(): number {
    return this.steps;
  }

  /** L-BFGS iterations so far, over all steps. */
  get iterations(): number {
    return this.state.iterations;
  }

  /** Closure calls so far, over all steps. */
  get funcEvals(): number {
    return this.state.funcEvals;
  }

  zeroGrad(): void {
    zeroGrads(this.params);
  }

  /**
   * Runs up to `maxIter` L-BFGS iterations and returns the loss at the start of the step.
   * @throws ConfigError when called without a closure.
   */
  step(closure?: Closure): number {
    if (typeof closure !== 'function') {
      throw new ConfigError(
        'closure',
        'lbfgs needs a closure that recomputes the loss and gradients: ' +
          'opt.step(() => { opt.zeroGrad(); const loss = f(); loss.backward(); return loss; })',
      );
    }
    this.closure = closure;
    try {
      let start: Float64Array | undefined;
      if (this.trackUpdateNorms) {
        start = this.xStart ??= new Float64Array(this.flat.size);
        this.flat.read(start);
      }
      const loss = this.iterate();
      if (start !== undefined) this.flat.norms(start, this.updateNorms, this.paramNorms);
      return loss;
    } finally {
      this.closure = undefined;
      this.steps += 1;
    }
  }

  /** Runs the closure at the current parameters and gathers the gradient into g. */
  private evaluateHere(): number {
    const loss = runClosure(this.closure!);
    this.flat.readGrads(this.g);
    this.state.funcEvals += 1;
    return loss;
  }

  /** The line search's phi(t): parameters to x0 + t * d, then loss and slope there. */
  private evaluateAt(t: number): number {
    this.flat.writeAxpy(this.x0, t, this.state.d);
    const loss = this.evaluateHere();
    this.lastT = t;
    this.problem.gtd = dot(this.g, this.state.d);
    return loss;
  }

  private iterate(): number {
    const st = this.state;
    const o = this.settings;
    let loss = this.evaluateHere();
    const startLoss = loss;
    let evals = 1;
    if (maxAbs(this.g) <= o.tolGrad) return startLoss;
    for (let k = 1; k <= o.maxIter; k++) {
      st.iterations += 1;
      if (st.iterations === 1) {
        for (let j = 0; j < this.g.length; j++) st.d[j] = -this.g[j]!;
        st.hDiag = 1;
      } else {
        pushPair(st, this.g);
        lbfgsDirection(st, this.g, this.alpha);
      }
      st.prevGrad.set(this.g);
      st.prevLoss = loss;
      st.t = st.iterations === 1 ? Math.min(1, 1 / sumAbs(this.g)) * this.hyper.lr : this.hyper.lr;
      const gtd = dot(this.g, st.d);
      if (!(gtd < -o.tolChange)) break; // not a descent direction (or NaN): stop
      let used = 0;
      if (o.lineSearch === 'none') {
        this.flat.addScaled(st.t, st.d);
        if (k !== o.maxIter) {
          loss = this.evaluateHere();
          used = 1;
        }
      } else {
        this.flat.read(this.x0);
        this.lastT = NaN;
        const r =
          o.lineSearch === 'strongWolfe'
            ? strongWolfe(this.problem, st.t, loss, gtd, maxAbs(st.d), { tolChange: o.tolChange })
            : backtracking(this.problem, st.t, loss, gtd);
        used = r.evals;
        loss = r.f;
        // The search may accept a step it evaluated earlier: move back there (one more call).
        if (this.lastT !== r.t) {
          loss = this.evaluateAt(r.t);
          used += 1;
        }
        st.t = r.t;
      }
      evals += used;
      if (k === o.maxIter || evals >= o.maxEval) break;
      if (maxAbs(this.g) <= o.tolGrad) break;
      if (maxAbs(st.d) * Math.abs(st.t) <= o.tolChange) break;
      if (Math.abs(loss - st.prevLoss) < o.tolChange) break;
    }
    return startLoss;
  }

  lastUpdateNorms(): Float64Array {
    return this.updateNorms;
  }

  lastParamNorms(): Float64Array {
    return this.paramNorms;
  }

  private parts(): StateDictParts {
    return {
      type: this.type,
      list: this.list,
      stepCount: this.steps,
      hyperparams: { lr: this.hyper.lr },
      state: this.state,
    };
  }

  stateDict(): OptimizerStateDict {
    return makeStateDict(this.parts());
  }

  /**
   * Restores a state from `stateDict()`.
   * @throws DataError when it belongs to another optimizer, other parameters, or another history size.
   */
  loadStateDict(saved: unknown): void {
    const header = loadStateDictInto(saved, this.parts());
    this.steps = header.stepCount;
    this.hyper.lr = header.hyperparams.lr!;
  }
}

/**
 * An L-BFGS optimizer over `params` (see `LBFGS`).
 * @example
 * const opt = lbfgs([x], { history: 10, lineSearch: 'strongWolfe' });
 */
export function lbfgs(params: ParamsInput, options: LbfgsOptions = {}): LBFGS {
  return new LBFGS(params, options);
}
