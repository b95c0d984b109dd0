// The one-dimensional problem a line search works on, and what it returns.

/**
 * phi(t) = f(x0 + t * d) along a search direction d. `evaluate` moves the parameters to
 * x0 + t * d and recomputes the loss and gradient there.
 */
export interface LineSearchProblem {
  /** Moves to step `t`, returns phi(t) and sets `gtd`. */
  evaluate(t: number): number;
  /** phi'(t) = g(x0 + t * d) . d at the last evaluated step. */
  readonly gtd: number;
}

/** The accepted step, its loss and the number of evaluations spent. */
export interface LineSearchResult {
  readonly t: number;
  readonly f: number;
  readonly evals: number;
}

/** Tolerances shared by the line searches. */
export interface LineSearchOptions {
  /** Sufficient-decrease (Armijo) constant. Default 1e-4. */
  c1?: number;
  /** Curvature constant of the strong Wolfe conditions. Default 0.9. */
  c2?: number;
  /** Stop when the bracket is narrower than this (times max |d|). Default 1e-9. */
  tolChange?: number;
  /** Most evaluations. Default 25. */
  maxEvals?: number;
}
