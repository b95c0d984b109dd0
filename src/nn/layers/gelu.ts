import { abs } from '../../ops/abs.js';
import { add } from '../../ops/add.js';
import { div } from '../../ops/div.js';
import { exp } from '../../ops/exp.js';
import { mul } from '../../ops/mul.js';
import { sign } from '../../ops/sign.js';
import { sub } from '../../ops/sub.js';
import { tanh } from '../../ops/tanh.js';
import { ConfigError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type LayerEntry, Module } from '../module.js';

/** 'none': x * Phi(x) with the normal CDF (PyTorch's default); 'tanh': the tanh approximation. */
export type GeluApproximation = 'none' | 'tanh';

// Abramowitz & Stegun 7.1.26: erf(z) = 1 - t (a1 + t (a2 + ... + t a5)) e^(-z^2), t = 1 / (1 + p z),
// for z >= 0, with absolute error below 1.5e-7 (ample for float32 training).
const P = 0.3275911;
const A = [0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429] as const;

/** erf(x), composed from ops (no erf kernel exists yet), odd-extended through sign(x). */
function erf(x: Tensor): Tensor {
  const z = abs(x);
  const t = div(1, add(mul(z, P), 1));
  let poly = mul(t, A[4]);
  for (let i = 3; i >= 0; i--) poly = mul(t, add(poly, A[i]!));
  return mul(sign(x), sub(1, mul(poly, exp(mul(mul(z, z), -1)))));
}

/**
 * Gaussian error linear unit (Hendrycks & Gimpel 2016): x * Phi(x), Phi the standard normal CDF.
 * `approximate: 'tanh'` gives 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) (GPT-2's form).
 * NOTE: the exact form evaluates erf with a composed approximation accurate to 1.5e-7.
 *
 * Shape: any; the output has the input's shape.
 * @example new GELU().forward(tensor([[1]])).toArray(); //=> [[0.8413...]]
 */
export class GELU extends Module {
  readonly approximate: GeluApproximation;

  constructor(options: { approximate?: GeluApproximation } = {}) {
    super();
    const approximate = options.approximate ?? 'none';
    if (approximate !== 'none' && approximate !== 'tanh') {
      throw new ConfigError(
        'approximate',
        `gelu: expected 'none' or 'tanh', got ${JSON.stringify(approximate)}`,
      );
    }
    this.approximate = approximate;
  }

  override layerConfig(): readonly LayerEntry[] {
    return [{ type: 'gelu', approximate: this.approximate }];
  }

  forward(x: Tensor): Tensor {
    if (this.approximate === 'tanh') {
      const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
      return mul(mul(x, 0.5), add(tanh(inner), 1));
    }
    return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
  }
}

/** A GELU layer (exact by default). @example gelu({ approximate: 'tanh' }); */
export const gelu = (options: { approximate?: GeluApproximation } = {}): GELU => new GELU(options);
