// Check 11, warnings only: architecture choices the notes advise against, read from the layers of
// a sequential model.
import type { LossKind } from '../losses/loss-by-name.js';
import { BatchNorm } from '../nn/layers/batch-norm.js';
import { Dropout } from '../nn/layers/dropout.js';
import { Linear } from '../nn/layers/linear.js';
import { Maxout } from '../nn/layers/maxout.js';
import { Sequential } from '../nn/layers/sequential.js';
import { Sigmoid } from '../nn/layers/sigmoid.js';
import type { Module } from '../nn/module.js';
import { type CheckResult, checkResult } from './check-result.js';
import { DOCTOR_DTYPE, type DoctorInput } from './doctor-input.js';

const weighted = (m: Module) => m instanceof Linear || m instanceof Maxout;

/**
 * The lint findings for a list of layers, each a short sentence naming the layer index.
 * @example architectureFindings([linear(2, 3), sigmoid(), linear(3, 1)], 'regression', 32); //=> ['layer 1: sigmoid in a hidden layer ...']
 */
export function architectureFindings(layers: readonly Module[], kind: LossKind, batchSize: number): string[] {
  const found: string[] = [];
  let lastWeighted = -1;
  layers.forEach((l, i) => { if (weighted(l)) lastWeighted = i; });
  layers.forEach((layer, i) => {
    if (layer instanceof Sigmoid && i < lastWeighted) {
      found.push(`layer ${i}: sigmoid in a hidden layer (prefer relu; tanh over sigmoid, which is not zero-centred and saturates)`);
    }
    if (layer instanceof Linear) {
      let j = i + 1;
      while (j < layers.length && (layers[j] instanceof Dropout || layers[j] instanceof BatchNorm)) j++;
      if (j < layers.length && layers[j] instanceof Linear) found.push(`layers ${i} and ${j}: two linear layers with no nonlinearity between them collapse into one`);
    }
    if (layer instanceof BatchNorm && batchSize === 1) found.push(`layer ${i}: batch norm with batch size 1 (the batch statistics are meaningless)`);
  });
  const beforeOutput = layers[lastWeighted - 1];
  if (kind === 'regression' && lastWeighted > 0 && beforeOutput instanceof Dropout) {
    found.push(`layer ${lastWeighted - 1}: dropout directly before a regression output (it shifts the output's variance between training and test)`);
  }
  return found;
}

/**
 * Check 11: warns for each finding of architectureFindings.
 * @example architectureLintCheck(input).status; //=> 'pass'
 */
export function architectureLintCheck(input: DoctorInput): CheckResult {
  const name = 'architecture lint';
  const model = input.model(DOCTOR_DTYPE);
  if (!(model instanceof Sequential)) return checkResult(name, 'pass', 'not a sequential model', 'no findings', 'only sequential models are linted');
  const found = architectureFindings(model.layers, input.loss.kind, input.batchSize);
  return found.length === 0
    ? checkResult(name, 'pass', 'no findings', 'no findings', 'nothing the notes advise against')
    : checkResult(name, 'warn', `${found.length} finding${found.length === 1 ? '' : 's'}`, 'no findings', found.join('; '));
}
