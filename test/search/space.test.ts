import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { formatSpace, parseSpace } from '../../src/search/parse-space.js';
import { sampleDistribution } from '../../src/search/samplers/random.js';
import { choice, fixed, int, logUniform, uniform } from '../../src/search/space.js';
import { Rng } from '../../src/tensor/rng.js';

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

/** Kolmogorov-Smirnov statistic of samples against Uniform(0, 1). */
function ksUniform(us: number[]): number {
  const s = [...us].sort((a, b) => a - b);
  let d = 0;
  s.forEach((u, i) => (d = Math.max(d, (i + 1) / s.length - u, u - i / s.length)));
  return d;
}

describe('search spaces', () => {
  it('parses the JSON form of the issue', () => {
    const space = parseSpace({
      'optimizer.lr': { logUniform: [1e-4, 1] },
      'model.0.units': { choice: [16, 32, 64] },
      batchSize: { int: [16, 256], log: true },
      'model.2.rate': { uniform: [0, 0.5] },
      seed: 3,
    });
    expect(space).toEqual({
      'optimizer.lr': logUniform(1e-4, 1),
      'model.0.units': choice([16, 32, 64]),
      batchSize: int(16, 256, { log: true }),
      'model.2.rate': uniform(0, 0.5),
      seed: fixed(3),
    });
    expect(parseSpace(formatSpace(space))).toEqual(space);
  });

  it('rejects bad ranges and forms with the field path', () => {
    const cases: [unknown, string, string][] = [
      [{ 'optimizer.lr': { logUniform: [0, 1] } }, 'space.optimizer.lr', 'low must be > 0'],
      [{ x: { uniform: [1, 1] } }, 'space.x', 'low must be < high'],
      [{ x: { uniform: [0] } }, 'space.x', 'expects [low, high]'],
      [{ x: { int: [1.5, 4] } }, 'space.x', 'must be integers'],
      [{ x: { int: [0, 4], log: true } }, 'space.x', 'low must be >= 1'],
      [{ x: { int: [1, 4], log: 'yes' } }, 'space.x.log', 'expected true or false'],
      [{ x: { choice: [] } }, 'space.x', 'non-empty array'],
      [{ x: { choice: [1, 2, 1] } }, 'space.x.choice.2', 'duplicate of choice 0'],
      [{ x: { uniform: [0, 1], log: true } }, 'space.x.log', 'unknown field "log"'],
      [{ x: { normal: [0, 1] } }, 'space.x', 'expected one of'],
      [{ x: [16, 32] }, 'space.x', 'ambiguous'],
      [{ 'a..b': 1 }, 'space.a..b', 'invalid field path'],
      [{ model: { fixed: [] }, 'model.0': 1 }, 'space.model', 'overlaps "model.0"'],
      [{}, 'space', 'empty'],
    ];
    for (const [json, path, text] of cases) {
      const e = errorOf(() => parseSpace(json));
      expect(e.path, JSON.stringify(json)).toBe(path);
      expect(e.message).toContain(text);
    }
    expect(errorOf(() => logUniform(-1, 1)).message).toContain('low must be > 0');
  });

  it('logUniform draws are uniform in log space (KS test), and uniform draws are not', () => {
    const n = 2000;
    const rng = new Rng(7);
    const [a, b] = [1e-4, 1];
    const logU = Array.from(
      { length: n },
      () => sampleDistribution(logUniform(a, b), rng) as number,
    );
    const linU = Array.from({ length: n }, () => sampleDistribution(uniform(a, b), rng) as number);
    const toUnit = (x: number): number => (Math.log(x) - Math.log(a)) / (Math.log(b) - Math.log(a));
    // Critical value of the one-sample KS test at alpha = 0.001: sqrt(-ln(0.0005) / 2) / sqrt(n).
    const critical = Math.sqrt(-Math.log(0.0005) / 2) / Math.sqrt(n);
    expect(logU.every((x) => x >= a && x <= b)).toBe(true);
    expect(ksUniform(logU.map(toUnit))).toBeLessThan(critical);
    // Negative control: linear-uniform draws put ~75% of their mass in the top quarter of the log range.
    expect(ksUniform(linU.map(toUnit))).toBeGreaterThan(10 * critical);
  });

  it('log ints are discretized log-uniform and plain ints uniform, all in range', () => {
    const rng = new Rng(3);
    const n = 20000;
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const v = sampleDistribution(int(1, 8, { log: true }), rng) as number;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    // P(k) = log((k + 0.5) / (k - 0.5)) / log(8.5 / 0.5): integer k owns [k - 0.5, k + 0.5] in log space.
    for (let k = 1; k <= 8; k++) {
      const p = Math.log((k + 0.5) / (k - 0.5)) / Math.log(8.5 / 0.5);
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs((counts.get(k) ?? 0) - n * p), `k=${k}`).toBeLessThan(4 * sd);
    }
    const plain = Array.from({ length: 6000 }, () => sampleDistribution(int(0, 2), rng) as number);
    for (let k = 0; k <= 2; k++)
      expect(Math.abs(plain.filter((v) => v === k).length - 2000)).toBeLessThan(
        4 * Math.sqrt(6000 * (2 / 9)),
      );
  });
});
