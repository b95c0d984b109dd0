// The doctor: every check of issue 6 on one experiment, in order, each isolated so that one
// check's crash is reported as its failure instead of hiding the others.
import { architectureLintCheck } from './architecture-lint.js';
import { type CheckResult, checkResult } from './check-result.js';
import { dataChecks } from './data-checks.js';
import { deadUnitsCheck } from './dead-units.js';
import type { DoctorInput } from './doctor-input.js';
import { gradientCheck } from './gradient-check.js';
import type { ModelGradcheckOptions } from './gradcheck-model.js';
import { initialLossCheck, regularizationCheck } from './initial-loss.js';
import { lrRangeCheck } from './lr-range.js';
import { overfitTinyCheck } from './overfit-tiny.js';
import { signalPropagationCheck } from './signal-propagation.js';
import { symmetryCheck } from './symmetry.js';
import { updateRatioCheck } from './update-ratio.js';

/** The doctor's report: `{"checks": [...]}` in JSON, and whether any check failed. */
export interface DoctorReport {
  readonly checks: readonly CheckResult[];
  /** True when no check failed (warnings allowed). */
  readonly passed: boolean;
}

export interface DoctorOptions {
  /** Gradient-check settings; the doctor checks 30 coordinates per tensor unless told otherwise. */
  readonly gradcheck?: ModelGradcheckOptions;
  /** Called as each check finishes (for progress output). */
  readonly onCheck?: (check: CheckResult) => void;
}

/**
 * A report from a list of checks.
 * @example doctorReport([checkResult('x', 'warn', '', '', '')]).passed; //=> true
 */
export function doctorReport(checks: readonly CheckResult[]): DoctorReport {
  return { checks, passed: checks.every((c) => c.status !== 'fail') };
}

function guarded(name: string, run: () => CheckResult | CheckResult[]): CheckResult[] {
  try {
    const r = run();
    return Array.isArray(r) ? r : [r];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [checkResult(name, 'fail', `error: ${message}`, 'the check runs', 'the check itself threw: the model, loss or data cannot be used together')];
  }
}

/**
 * Runs the eleven checks on an experiment. Data problems that make the rest meaningless (NaN
 * features) still let every check run, so the report shows all symptoms at once.
 * @example
 * const report = runDoctor(input);
 * report.checks.filter((c) => c.status === 'fail').map((c) => c.name); //=> []
 */
export function runDoctor(input: DoctorInput, options: DoctorOptions = {}): DoctorReport {
  const steps: [string, () => CheckResult | CheckResult[]][] = [
    ['data', () => dataChecks(input)],
    ['initial loss', () => initialLossCheck(input)],
    ['regularization raises the loss', () => regularizationCheck(input)],
    ['gradient check', () => gradientCheck(input, { coordinates: 30, ...options.gradcheck })],
    ['overfit a tiny subset', () => overfitTinyCheck(input)],
    ['learning-rate range', () => lrRangeCheck(input)],
    ['update-to-weight ratio', () => updateRatioCheck(input)],
    ['dead and saturated units', () => deadUnitsCheck(input)],
    ['initialization symmetry', () => symmetryCheck(input)],
    ['signal propagation', () => signalPropagationCheck(input)],
    ['architecture lint', () => architectureLintCheck(input)],
  ];
  const checks: CheckResult[] = [];
  for (const [name, run] of steps) {
    for (const c of guarded(name, run)) {
      checks.push(c);
      options.onCheck?.(c);
    }
  }
  return doctorReport(checks);
}
