// Check 4: `descent gradcheck`, summarized as one line.
import { type CheckResult, checkResult, fmt } from './check-result.js';
import type { DoctorInput } from './doctor-input.js';
import { gradcheckModel, type ModelGradcheckOptions, type ModelGradcheckReport } from './gradcheck-model.js';

/**
 * One CheckResult from a model gradient check: fail when any tensor's error is 'wrong' (>= 1e-2),
 * warn when one is only 'suspicious' or has gradients too small for the comparison to mean much.
 * @example summarizeGradcheck(gradcheckModel(input)).status; //=> 'pass'
 */
export function summarizeGradcheck(report: ModelGradcheckReport): CheckResult {
  const name = 'gradient check';
  const worst = Math.max(0, ...report.parameters.map((p) => p.maxRelativeError));
  const checked = report.parameters.reduce((a, p) => a + p.checked, 0);
  const kinks = report.parameters.reduce((a, p) => a + p.kinks, 0);
  const value = `max relative error ${fmt(worst)} over ${checked} coordinates of ${report.parameters.length} tensors (${kinks} kinks skipped)`;
  const wrong = report.parameters.filter((p) => p.verdict === 'wrong').map((p) => p.name);
  if (wrong.length > 0) {
    return checkResult(name, 'fail', value, '< 1e-4', `analytic and numerical gradients disagree for ${wrong.join(', ')}: a backward bug (run descent gradcheck for the table)`);
  }
  // Between 1e-4 and 1e-2 the notes are uneasy but not certain: sharp curvature (saturated units,
  // huge weights) can put a correct gradient there, so the doctor warns and gradcheck decides.
  // Inconclusive tensors did not pass either; why differs: every step a kink, or gradients within roundoff of 0.
  const uncompared = report.parameters.filter((p) => !p.passed && p.verdict === 'inconclusive' && !p.smallGradients).map((p) => p.name);
  if (uncompared.length > 0) {
    return checkResult(name, 'warn', value, '< 1e-4', `nothing could be compared for ${uncompared.join(', ')}: every sampled step crossed a kink (run descent gradcheck --burn-in 10 to move the weights off them)`);
  }
  const suspicious = report.parameters.filter((p) => !p.passed && p.verdict !== 'inconclusive').map((p) => p.name);
  if (suspicious.length > 0) {
    return checkResult(name, 'warn', value, '< 1e-4', `suspicious errors for ${suspicious.join(', ')}: sharp curvature or a subtle bug (run descent gradcheck --burn-in 10)`);
  }
  const small = report.parameters.filter((p) => p.smallGradients).map((p) => p.name);
  if (small.length > 0) {
    return checkResult(name, 'warn', value, '< 1e-4', `gradients within roundoff of 0 for ${small.join(', ')}: the comparison means little there (try --burn-in)`);
  }
  const retried = report.parameters.filter((p) => p.retries.length > 0).map((p) => `${p.name} at h=${p.h}`);
  return checkResult(name, 'pass', value, '< 1e-4',
    retried.length === 0 ? 'backward agrees with centered differences' : `agrees (at two other steps that agree with each other: ${retried.join(', ')})`);
}

/**
 * Check 4: gradient-checks the model (see gradcheckModel) and summarizes.
 * @example gradientCheck(input).status; //=> 'pass'
 */
export function gradientCheck(input: DoctorInput, options: ModelGradcheckOptions = {}): CheckResult {
  return summarizeGradcheck(gradcheckModel(input, options));
}
