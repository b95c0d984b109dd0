// Which finite-difference step a model's gradient check stands on. The default step is judged first;
// other steps are a second opinion only when two of them agree, so a wrong gradient cannot pass on
// the one step whose truncation or roundoff error happens to cancel its error.
import type { GradcheckReport } from '../check/gradcheck.js';

/** One step tried after the default failed, with what gradcheck made of it. */
export interface StepAttempt {
  readonly h: number;
  readonly maxRelativeError: number;
  readonly passed: boolean;
}

/** The report the verdict stands on, its step, and every other step tried (all judged). */
export interface StepChoice {
  readonly report: GradcheckReport;
  readonly h: number;
  readonly retries: readonly StepAttempt[];
}

/**
 * The steps tried after the default h fails: 10h and h/10 first, then 100h and h/100. Larger steps
 * cut the roundoff (about eps |f| / h), smaller ones the truncation (about h^2 f''' / 6), so a
 * correct gradient that failed for either reason passes at both steps on the side that helps.
 */
const DIRECTIONS: readonly (readonly [number, number])[] = [[10, 100], [0.1, 0.01]];

/** h times a power of ten, without the binary residue (1e-5 * 10 = 0.00010000000000000002). */
const scaled = (h: number, k: number): number => Number((h * k).toPrecision(12));

/**
 * Judges a gradient at step `h`; when that fails, at 10h and 100h, and at h/10 and h/100. A failure
 * at `h` is overturned only by both steps of one side passing: the nearer one is then reported.
 * Every step tried is run and listed, so the report shows the whole picture.
 * @param run gradcheck at a step.
 * @example
 * judgeAcrossSteps((h) => gradcheck(f, [w], { h }), 1e-5).h; //=> 1e-5 when it passes there
 */
export function judgeAcrossSteps(run: (h: number) => GradcheckReport, h: number): StepChoice {
  const first = run(h);
  if (first.passed) return { report: first, h, retries: [] };
  const tried = new Map<number, GradcheckReport>();
  for (const level of [0, 1]) {
    for (const [near, far] of DIRECTIONS) {
      const step = scaled(h, level === 0 ? near : far);
      tried.set(step, run(step));
    }
  }
  const retries = [...tried].map(([step, r]) => ({ h: step, maxRelativeError: r.maxRelativeError, passed: r.passed }));
  for (const [near, far] of DIRECTIONS) {
    const a = tried.get(scaled(h, near))!;
    const b = tried.get(scaled(h, far))!;
    if (a.passed && b.passed) return { report: a, h: scaled(h, near), retries };
  }
  return { report: first, h, retries };
}
