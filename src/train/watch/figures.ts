// How a warning writes its numbers: two significant digits for ratios and fractions, three for
// losses, exponents below 1e-3 (a ratio of 1.2e-6 reads better than 0.0000012).
/** `x` to `digits` significant digits, without trailing zeros. */
export function figure(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && Math.abs(x) < 1e-3) return x.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(digits)));
}

/**
 * A learning rate to try: the one that would bring `ratio` to the notes' 1e-3 (the update size is
 * about proportional to the lr), rounded up to a power of ten so it reads as a round number.
 * @example suggestedLr(10, 0.33); //=> 0.1
 */
export function suggestedLr(lr: number, ratio: number): number {
  const exponent = Math.ceil(Math.log10((lr * 1e-3) / ratio) - 1e-9);
  return Number(`1e${exponent}`);
}
