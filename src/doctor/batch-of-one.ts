// Batch norm cannot train on batches of one example (no variance to estimate), so the checks that
// take optimizer steps at the configured batch size skip, with a note, instead of crashing: the
// architecture lint already warns about that combination.
import { BatchNorm } from '../nn/layers/batch-norm.js';
import { type CheckResult, checkResult } from './check-result.js';
import { DOCTOR_DTYPE, type DoctorInput } from './doctor-input.js';

/**
 * A 'warn' result saying why check `name` was skipped, when the batch size is 1 and the model has
 * a batch norm layer; undefined when the check can run.
 * @example batchOfOneSkip(input, 'update-to-weight ratio')?.value; //=> 'skipped: batch size 1 with batch norm'
 */
export function batchOfOneSkip(input: DoctorInput, name: string, expected: string): CheckResult | undefined {
  if (input.batchSize !== 1) return undefined;
  const model = input.model(DOCTOR_DTYPE);
  if (!model.namedModules().some(([, m]) => m instanceof BatchNorm)) return undefined;
  return checkResult(name, 'warn', 'skipped: batch size 1 with batch norm', expected,
    'batch norm cannot train on batches of one example (no variance to estimate), so this check cannot take steps: use a batch size of at least 2 (see the architecture lint)');
}
