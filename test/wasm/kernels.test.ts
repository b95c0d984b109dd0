// The kernels besides the plain GEMM that run in the wasm module, each against a float64 formula written
// here, on odd shapes (1xN, Nx1, primes, zero-size), in both builds. Each kernel must also not be
// cpuBackend's own function, so that a silent fallback to the TypeScript backend fails.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import type { Activation } from '../../src/backend/fused-kernels.js';
import { enableRelaxedSimdFlag } from '../../src/backend/node/relaxed-simd-flag.js';
import { loadWasmBackend } from '../../src/backend/wasm/index.js';

enableRelaxedSimdFlag();

const SHAPES: [number, number][] = [[1, 13], [13, 1], [7, 11], [31, 17], [0, 5], [5, 0]];
const ACTS: Activation[] = ['none', 'relu', 'tanh', 'sigmoid'];

const vals = (n: number, seed: number, scale = 3): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => scale * Math.sin(seed * 12.9898 + i * 0.731));

function act(v: number, a: Activation): number {
  if (a === 'relu') return Math.max(v, 0);
  if (a === 'tanh') return (Math.exp(v) - Math.exp(-v)) / (Math.exp(v) + Math.exp(-v));
  if (a === 'sigmoid') return 1 / (1 + Math.exp(-v));
  return v;
}

function close(got: ArrayLike<number>, want: ArrayLike<number>, rel = 2e-6): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i]! - want[i]!), `at ${i}: got ${got[i]}, want ${want[i]}`).toBeLessThanOrEqual(rel * (1 + Math.abs(want[i]!)));
  }
}

for (const relaxed of [false, true]) {
  describe(`wasm ${relaxed ? 'relaxed' : 'simd128'} kernels`, () => {
    const loaded = loadWasmBackend({ relaxed, memoryMiB: 4 });
    const be = async (): Promise<Backend> => loaded;

    it('are the module\'s, not cpuBackend\'s', async () => {
      const b = await be();
      for (const name of ['matmulBiasActivation', 'activationBackward', 'softmaxCrossEntropy', 'adamUpdate', 'sgdUpdate',
        'momentumUpdate', 'relu', 'add', 'mul'] as const) {
        expect(b[name], name).not.toBe(cpuBackend[name]);
      }
    });

    it('matmulBiasActivation = act(C + op(A) op(B) + bias) for every activation, transpose and shape', async () => {
      const b = await be();
      for (const [m, n] of SHAPES) {
        for (const k of [1, 5, 0]) {
          for (const a of ACTS) {
            for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
              for (const withBias of [false, true]) {
                const A = vals(m * k, 1, 0.5), B = vals(k * n, 2, 0.5), bias = withBias ? vals(n, 3) : null;
                const out = vals(m * n, 4);
                const before = Float64Array.from(out);
                b.matmulBiasActivation(A, B, out, m, k, n, { transA, transB, accumulate: true }, bias, a);
                const want = new Float64Array(m * n);
                for (let i = 0; i < m; i++) {
                  for (let j = 0; j < n; j++) {
                    let s = before[i * n + j]! + (bias === null ? 0 : bias[j]!);
                    for (let p = 0; p < k; p++) s += A[transA ? p * m + i : i * k + p]! * B[transB ? j * k + p : p * n + j]!;
                    want[i * n + j] = act(s, a);
                  }
                }
                close(out, want, 1e-5);
              }
            }
          }
        }
      }
    });

    it('activationBackward = gradOut * act\'(y), gradBias = column sums', async () => {
      const b = await be();
      for (const [rows, cols] of SHAPES) {
        for (const a of ACTS) {
          const g = vals(rows * cols, 5), y = vals(rows * cols, 6, 0.9);
          const gin = new Float32Array(rows * cols), gb = new Float32Array(cols).fill(7);
          b.activationBackward(g, y, rows, cols, a, gin, gb);
          const want = Array.from(g, (gv, i) => {
            const v = y[i]!;
            return a === 'relu' ? (v > 0 ? gv : 0) : a === 'tanh' ? gv * (1 - v * v) : a === 'sigmoid' ? gv * v * (1 - v) : gv;
          });
          close(gin, want);
          const sums = Array.from({ length: cols }, (_, c) => {
            let s = 0;
            for (let r = 0; r < rows; r++) s += want[r * cols + c]!;
            return s;
          });
          close(gb, sums, 1e-5);
        }
      }
    });

    it('softmaxCrossEntropy returns the summed loss and writes (softmax - onehot) * scale', async () => {
      const b = await be();
      for (const [rows, cols] of SHAPES) {
        if (cols === 0 && rows > 0) continue; // no class for a label to name
        const x = vals(rows * cols, 7, 5);
        const labels = Int32Array.from({ length: rows }, (_, r) => (r * 7) % cols);
        const grad = new Float32Array(rows * cols);
        const scale = 1 / Math.max(rows, 1);
        const total = b.softmaxCrossEntropy(x, labels, rows, cols, grad, scale);
        let want = 0;
        const wantGrad = new Float64Array(rows * cols);
        for (let r = 0; r < rows; r++) {
          let z = 0;
          for (let j = 0; j < cols; j++) z += Math.exp(x[r * cols + j]!);
          want += Math.log(z) - x[r * cols + labels[r]!]!;
          for (let j = 0; j < cols; j++) wantGrad[r * cols + j] = (Math.exp(x[r * cols + j]!) / z - (j === labels[r] ? 1 : 0)) * scale;
        }
        expect(Math.abs(total - want)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(want)));
        close(grad, wantGrad);
        expect(b.softmaxCrossEntropy(x, labels, rows, cols, null, 1)).toBeCloseTo(want, 9);
      }
      expect(() => b.softmaxCrossEntropy(vals(6, 1), Int32Array.of(0, 3), 2, 3, null, 1)).toThrow(/label 3 at row 1/);
    });

    it('sgdUpdate, momentumUpdate (plain and Nesterov) and adamUpdate (L2 and decoupled) follow their formulas', async () => {
      const b = await be();
      for (const n of [1, 13, 97, 0]) {
        const p0 = vals(n, 8), g = vals(n, 9), v0 = vals(n, 10), m0 = vals(n, 11, 0.1);
        const s0 = Float32Array.from(vals(n, 12), (x) => x * x);
        const p = Float32Array.from(p0);
        b.sgdUpdate(p, g, { lr: 0.1, weightDecay: 0.01 });
        close(p, Array.from(p0, (x, i) => x - 0.1 * (g[i]! + 0.01 * x)));
        for (const nesterov of [false, true]) {
          const pm = Float32Array.from(p0), vel = Float32Array.from(v0);
          b.momentumUpdate(pm, g, vel, { lr: 0.1, momentum: 0.9, dampening: 0.2, nesterov, weightDecay: 0.01 });
          const gd = Array.from(p0, (x, i) => g[i]! + 0.01 * x);
          const buf = gd.map((x, i) => 0.9 * v0[i]! + 0.8 * x);
          close(vel, buf);
          close(pm, Array.from(p0, (x, i) => x - 0.1 * (nesterov ? gd[i]! + 0.9 * buf[i]! : buf[i]!)));
        }
        for (const decoupled of [false, true]) {
          const pa = Float32Array.from(p0), m = Float32Array.from(m0), v = Float32Array.from(s0);
          const hp = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, step: 3, decoupled };
          b.adamUpdate(pa, g, m, v, hp);
          const gd = Array.from(p0, (x, i) => g[i]! + (decoupled ? 0 : 0.1 * x));
          const mw = gd.map((x, i) => 0.9 * m0[i]! + 0.1 * x);
          const vw = gd.map((x, i) => 0.999 * s0[i]! + 0.001 * x * x);
          close(m, mw);
          close(v, vw);
          close(pa, Array.from(p0, (x, i) =>
            x * (decoupled ? 1 - 0.01 * 0.1 : 1) - (0.01 * mw[i]! / (1 - 0.9 ** 3)) / (Math.sqrt(vw[i]! / (1 - 0.999 ** 3)) + 1e-8)));
        }
      }
    });

    it('a product that fills the memory leaves the module\'s libm tables intact (log, pow after it)', async () => {
      const b = await be();
      // 4 MiB of memory: A, B and C of 300x300 with the packing take about 1.8 MiB from the bottom.
      const big = 300;
      b.matmul(vals(big * big, 17), vals(big * big, 18), new Float32Array(big * big), big, big, big, { transA: false, transB: false });
      const x = Float32Array.of(1, 2, 3);
      expect(b.softmaxCrossEntropy(x, Int32Array.of(2), 1, 3, null, 1)).toBeCloseTo(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3, 9);
      const p = Float32Array.of(1), m = Float32Array.of(0), v = Float32Array.of(0);
      b.adamUpdate(p, Float32Array.of(0.5), m, v, { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 0, weightDecay: 0, step: 1, decoupled: false });
      // Step 1 with eps 0: m/(1-beta1) = g, sqrt(v/(1-beta2)) = |g|, so p moves by exactly lr.
      expect(p[0]).toBeCloseTo(0.9, 6);
    });

    it('relu, add and mul on same-shape operands; broadcasting still works', async () => {
      const b = await be();
      for (const [r, c] of SHAPES) {
        const n = r * c, x = vals(n, 13), y = vals(n, 14), out = new Float32Array(n);
        b.relu(x, out);
        close(out, Array.from(x, (v) => Math.max(v, 0)), 0);
        b.add(x, [r, c], y, [r, c], out, [r, c]);
        close(out, Array.from(x, (v, i) => Math.fround(v + y[i]!)), 0);
        b.mul(x, [r, c], y, [r, c], out, [r, c]);
        close(out, Array.from(x, (v, i) => Math.fround(v * y[i]!)), 0);
      }
      const row = vals(3, 15), out = new Float32Array(6), x = vals(6, 16);
      b.add(x, [2, 3], row, [3], out, [2, 3]);
      close(out, Array.from(x, (v, i) => Math.fround(v + row[i % 3]!)), 0);
    });
  });
}
