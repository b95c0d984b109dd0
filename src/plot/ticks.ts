// Axis tick values: 1-2-5 steps on linear axes, powers of ten on log axes, and their labels.
// Tick values are built from integers and exact powers of ten, so 0.6 is 0.6, not 0.6000000000000001.

/** 10^e as the double nearest the decimal, which `10 ** e` is not for every negative e. */
function pow10(e: number): number {
  return Number(`1e${e}`);
}

/** i * m * 10^e rounded once, so it prints as the short decimal (3 * 2e-1 gives 0.6). */
function scaled(i: number, m: number, e: number): number {
  return e < 0 ? (i * m) / pow10(-e) : i * m * pow10(e);
}

/** A 1-2-5 step near `span / count` (thresholds as d3-array's ticks: sqrt(2), sqrt(10), sqrt(50)). */
function niceStep(span: number, count: number): { mantissa: number; exponent: number } {
  const raw = span / Math.max(1, count);
  let exponent = Math.floor(Math.log10(raw));
  const norm = raw / pow10(exponent);
  let mantissa = norm >= Math.sqrt(50) ? 10 : norm >= Math.sqrt(10) ? 5 : norm >= Math.SQRT2 ? 2 : 1;
  if (mantissa === 10) {
    mantissa = 1;
    exponent += 1;
  }
  return { mantissa, exponent };
}

/**
 * About `count` evenly spaced round values (steps of 1, 2 or 5 times a power of ten) covering
 * [min, max]: the first tick is at or below min and the last at or above max, so the ticks also
 * give the axis its "nice" extent.
 * @example niceTicks(0, 1, 5); //=> [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min > max) [min, max] = [max, min];
  if (min === max) return [min];
  const { mantissa, exponent } = niceStep(max - min, count);
  const step = scaled(1, mantissa, exponent);
  // The tolerance keeps a bound that is itself a tick (1 for 0..1) from growing an extra step.
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(scaled(i, mantissa, exponent) + 0);
  return ticks;
}

/**
 * Ticks for a log axis over [min, max] (both > 0): the powers of ten from the one at or below min
 * to the one at or above max, thinned to every 2nd, 5th, … decade past about `count` ticks; a span
 * of two decades or less also gets the 2 and 5 multiples.
 * @example logTicks(1e-4, 1); //=> [0.0001, 0.001, 0.01, 0.1, 1]
 */
export function logTicks(min: number, max: number, count = 6): number[] {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min > max) [min, max] = [max, min];
  const lo = Math.floor(Math.log10(min) + 1e-9);
  let hi = Math.ceil(Math.log10(max) - 1e-9);
  if (hi === lo) hi += 1;
  const decades = hi - lo;
  if (decades <= 2) {
    const ticks: number[] = [];
    for (let e = lo; e < hi; e++) for (const m of [1, 2, 5]) ticks.push(Number(`${m}e${e}`));
    ticks.push(pow10(hi));
    return ticks;
  }
  const every = [1, 2, 5, 10, 20, 50, 100].find((d) => decades / d <= count) ?? Math.ceil(decades / count);
  const start = Math.floor(lo / every) * every;
  const ticks: number[] = [];
  for (let e = start; e < hi + every; e += every) ticks.push(pow10(e));
  return ticks;
}

/**
 * A short label for a tick value: plain decimals in [1e-3, 1e5), exponent form outside.
 * @example [formatTick(0.2), formatTick(250000), formatTick(1e-4)]; //=> ['0.2', '2.5e5', '1e-4']
 */
export function formatTick(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value + 0);
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e5) return String(Number(value.toPrecision(12)));
  return Number(value.toPrecision(12)).toExponential().replace('e+', 'e');
}
