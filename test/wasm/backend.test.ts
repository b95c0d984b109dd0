import { describe, expect, it } from 'vitest';
import { enableRelaxedSimdFlag } from '../../src/backend/node/relaxed-simd-flag.js';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import { isNativeBackend, loadNativeBackend } from '../../src/backend/native/index.js';
import { isWasmBackend, loadWasmBackend } from '../../src/backend/wasm/index.js';
import { ConfigError } from '../../src/errors.js';

enableRelaxedSimdFlag();

describe('loadWasmBackend', () => {
  it('rejects bad options with ConfigError', async () => {
    await expect(loadWasmBackend({ threads: 0 })).rejects.toThrow(ConfigError);
    await expect(loadWasmBackend({ memoryMiB: 0 })).rejects.toThrow(ConfigError);
  });

  it('is told apart from the native and TypeScript backends, though both it and native carry `info`', async () => {
    const wasm = await loadWasmBackend();
    expect(isWasmBackend(wasm)).toBe(true);
    expect(isNativeBackend(wasm)).toBe(false);
    expect(isWasmBackend(cpuBackend)).toBe(false);
    const native = loadNativeBackend({ threads: 1 });
    if (native !== null) {
      expect(isNativeBackend(native)).toBe(true);
      expect(isWasmBackend(native)).toBe(false);
    }
  });

  for (const relaxed of [false, true]) {
    it(`${relaxed ? 'relaxed' : 'simd128'} matmul 127x61x33 batch 2 matches the float64 formula for every transpose, with accumulate`, async () => {
      const be = await loadWasmBackend({ relaxed, memoryMiB: 4 });
      expect(be.name).toBe(relaxed ? 'wasm-relaxed' : 'wasm-simd128');
      const m = 127, k = 61, n = 33, batch = 2;
      const val = (s: number, x: number): number => Math.sin(s * 7.1 + x * 0.37);
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const a = Float32Array.from({ length: batch * m * k }, (_, x) => val(1, x));
          const b = Float32Array.from({ length: batch * k * n }, (_, x) => val(2, x));
          const out = Float32Array.from({ length: batch * m * n }, (_, x) => val(3, x));
          const before = Float64Array.from(out);
          be.matmul(a, b, out, m, k, n, { transA, transB, accumulate: true }, batch);
          for (let t = 0; t < batch; t++) {
            for (let i = 0; i < m; i++) {
              for (let j = 0; j < n; j++) {
                let s = before[t * m * n + i * n + j]!;
                let mag = Math.abs(s);
                for (let p = 0; p < k; p++) {
                  const av = a[t * m * k + (transA ? p * m + i : i * k + p)]!;
                  const bv = b[t * k * n + (transB ? j * k + p : p * n + j)]!;
                  s += av * bv;
                  mag += Math.abs(av * bv);
                }
                const got = out[t * m * n + i * n + j]!;
                expect(Math.abs(got - s)).toBeLessThanOrEqual(1e-6 * Math.sqrt(k) * mag + 1e-7);
              }
            }
          }
        }
      }
    });
  }
});
