// The one shape every doctor check returns, so the CLI can print a table or JSON of any of them.

/** How a check came out: pass, warn (worth a look, never fails the run) or fail. */
export type CheckStatus = 'pass' | 'warn' | 'fail';

/** One check's outcome: the measured figure, what was expected, and a one-line hint. */
export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  /** The measured figure, as a short string ("2.31", "0 of 64 features", "3.2e-3 .. 1.1e-2"). */
  readonly value: string;
  /** What a healthy setup shows, in the same terms. */
  readonly expected: string;
  /** One line: what the figure means or what to try. */
  readonly hint: string;
}

/**
 * Builds a CheckResult.
 * @example checkResult('initial loss', 'pass', '2.30', 'ln 10 = 2.30', 'as expected'); //=> { name: 'initial loss', status: 'pass', ... }
 */
export function checkResult(name: string, status: CheckStatus, value: string, expected: string, hint: string): CheckResult {
  return { name, status, value, expected, hint };
}

const RANK: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

/**
 * The worst of several statuses (fail > warn > pass); 'pass' for none.
 * @example worstStatus(['pass', 'warn']); //=> 'warn'
 */
export function worstStatus(statuses: Iterable<CheckStatus>): CheckStatus {
  let worst: CheckStatus = 'pass';
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}

/**
 * A number in a short, readable form: 3 significant digits, exponent notation when tiny or huge.
 * @example fmt(0.000123); //=> '1.23e-4'
 */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(3)));
  return x.toExponential(2).replace(/e\+?/, 'e');
}
