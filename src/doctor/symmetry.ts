// Check 9: symmetric initialization. When a layer's weights are all zero, or every unit's incoming
// weights are identical, every unit computes (and is updated) the same thing forever.
import type { Parameter } from '../nn/parameter.js';
import { type CheckResult, checkResult } from './check-result.js';
import { DOCTOR_DTYPE, type DoctorInput } from './doctor-input.js';

/**
 * Why a (in, out) weight matrix is symmetric, or null when it is not: all zero, or every column
 * (one unit's incoming weights) equal to the first.
 * @example symmetryOf(zerosWeight); //=> 'all zero'
 */
export function symmetryOf(w: Parameter): string | null {
  const d = w.data;
  if (d.every((v) => v === 0)) return 'all zero';
  if (w.rank !== 2) return null;
  const [rows, cols] = [w.shape[0]!, w.shape[1]!];
  if (cols < 2) return null;
  for (let i = 0; i < rows; i++) for (let j = 1; j < cols; j++) if (d[i * cols + j] !== d[i * cols]) return null;
  return 'identical units';
}

/**
 * Check 9: fails when any weight tensor of the initial model is all zero or has identical units.
 * @example symmetryCheck(input).status; //=> 'pass'
 */
export function symmetryCheck(input: DoctorInput): CheckResult {
  const name = 'initialization symmetry';
  const model = input.model(DOCTOR_DTYPE);
  const weights = model.namedParameters().filter(([, p]) => p.role === 'weight');
  const bad = weights.flatMap(([n, p]) => {
    const why = symmetryOf(p);
    return why === null ? [] : [`${n} ${why}`];
  });
  return bad.length === 0
    ? checkResult(name, 'pass', `${weights.length} weight tensors with distinct units`, 'random, distinct weights', 'symmetry is broken at initialization')
    : checkResult(name, 'fail', bad.join(', '), 'random, distinct weights', 'every unit of such a layer computes the same thing and gets the same update: initialize with small random numbers (he or xavier)');
}
