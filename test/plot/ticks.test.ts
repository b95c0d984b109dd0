// Tick values and labels against hand-computed ones.
import { describe, expect, it } from 'vitest';
import { makeAxis, project } from '../../src/plot/axis.js';
import { formatTick, logTicks, niceTicks } from '../../src/plot/ticks.js';

describe('niceTicks', () => {
  it('0..1 in about 5 steps gives 0, 0.2, …, 1 as exact decimals', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('steps are 1, 2 or 5 times a power of ten and cover the range', () => {
    // 11.1 / 5 = 2.22 -> step 2; floor(-3.2 / 2) = -2, ceil(7.9 / 2) = 4.
    expect(niceTicks(-3.2, 7.9, 5)).toEqual([-4, -2, 0, 2, 4, 6, 8]);
    // 0.0035 / 4 = 0.000875 -> 8.75e-4 rounds up to a step of 1e-3.
    expect(niceTicks(0.0012, 0.0047, 4)).toEqual([0.001, 0.002, 0.003, 0.004, 0.005]);
    // 100 / 10 = 10 -> step 10.
    expect(niceTicks(0, 100, 10)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    // 937 / 8 = 117 -> 1.17e2 rounds down to 1e2.
    expect(niceTicks(1, 937, 8)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('handles reversed, equal and non-finite bounds', () => {
    expect(niceTicks(1, 0, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(0, NaN)).toEqual([]);
  });
});

describe('logTicks', () => {
  it('1e-4..1 gives the decades', () => {
    expect(logTicks(1e-4, 1)).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1]);
  });

  it('rounds out to whole decades and adds 2 and 5 within two decades', () => {
    expect(logTicks(2, 8)).toEqual([1, 2, 5, 10]);
    expect(logTicks(0.03, 0.4)).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]);
    expect(logTicks(0.03, 4)).toEqual([0.01, 0.1, 1, 10]); // three decades: decades only
  });

  it('thins many decades to every 2nd', () => {
    // 3e-7..2e3 spans decades -7..4 (11 > 6), so every 2nd from -8.
    expect(logTicks(3e-7, 2e3, 6)).toEqual([1e-8, 1e-6, 1e-4, 1e-2, 1, 100, 1e4]);
  });

  it('gives nothing for non-positive bounds', () => {
    expect(logTicks(0, 10)).toEqual([]);
  });
});

describe('formatTick', () => {
  it('writes plain decimals in [1e-3, 1e5) and exponents outside', () => {
    expect([0, 0.2, -0.5, 1000, 0.001, 1e-4, 250000, 2e6].map(formatTick)).toEqual([
      '0', '0.2', '-0.5', '1000', '0.001', '1e-4', '2.5e5', '2e6',
    ]);
  });
});

describe('makeAxis and project', () => {
  it('a nice axis extends to its outer ticks; a plain one keeps the data extent', () => {
    const nice = makeAxis(0.03, 0.97, { log: false, nice: true, count: 5 });
    expect([nice.min, nice.max, nice.ticks]).toEqual([0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]]);
    const plain = makeAxis(1, 9, { log: false, nice: false, count: 4 });
    expect([plain.min, plain.max, plain.ticks]).toEqual([1, 9, [2, 4, 6, 8]]);
  });

  it('maps linearly, or by log10 on a log axis', () => {
    expect(project({ log: false, min: 0, max: 10, ticks: [] }, 2.5, 100, 300)).toBe(150);
    expect(project({ log: true, min: 1, max: 100, ticks: [] }, 10, 0, 200)).toBeCloseTo(100, 10);
  });

  it('gives an empty or single-valued range a usable extent', () => {
    expect(makeAxis(Infinity, -Infinity, { log: false, nice: true, count: 5 }).min).toBe(0);
    const single = makeAxis(4, 4, { log: false, nice: true, count: 4 });
    expect(single.min).toBeLessThan(4);
    expect(single.max).toBeGreaterThan(4);
  });
});
