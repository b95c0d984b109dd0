// The sign kernel's contract (backend.ts): -1, 0 or 1, with both zeros mapping to +0, and NaN staying NaN.
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '../../src/backend/cpu/index.js';

describe('cpuBackend.sign', () => {
  it('maps negatives, zeros, positives and NaN as documented, in float32 and float64', () => {
    for (const Array_ of [Float32Array, Float64Array]) {
      const x = new Array_([-3.5, -0, 0, 2e-30, Infinity, -Infinity, NaN]);
      const out = new Array_(x.length);
      cpuBackend.sign(x, out);
      expect(Array.from(out.subarray(0, 6))).toEqual([-1, 0, 0, 1, 1, -1]);
      expect(Object.is(out[1], 0)).toBe(true);
      expect(Number.isNaN(out[6])).toBe(true);
    }
  });
});
