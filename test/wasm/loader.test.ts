import { describe, expect, it } from 'vitest';
import { enableRelaxedSimdFlag } from '../../src/backend/node/relaxed-simd-flag.js';
import { relaxedBytes, relaxedSimdSupported, simd128Bytes, wasmUnavailableReason } from '../../src/backend/wasm/support.js';

type Gemm = (a: number, b: number, c: number, m: number, k: number, n: number, ta: number, tb: number, acc: number, pack: number) => void;

function instantiate(bytes: Uint8Array<ArrayBuffer>): { gemm: Gemm; mem: WebAssembly.Memory } {
  const mem = new WebAssembly.Memory({ initial: 16, maximum: 16 });
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: mem } });
  return { gemm: inst.exports['gemm'] as Gemm, mem };
}

describe('wasm kernel modules', () => {
  it('both generated builds validate', () => {
    enableRelaxedSimdFlag();
    expect(wasmUnavailableReason()).toBeNull();
    expect(WebAssembly.validate(simd128Bytes())).toBe(true);
    expect(relaxedSimdSupported()).toBe(true);
  });

  for (const [name, bytes] of [['simd128', simd128Bytes], ['relaxed', relaxedBytes]] as const) {
    for (const [ta, tb] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
      it(`${name} gemm 7x13x11 transA=${ta} transB=${tb} accumulate`, () => {
        enableRelaxedSimdFlag();
        const { gemm, mem } = instantiate(bytes());
        const m = 7, k = 13, n = 11;
        const f = new Float32Array(mem.buffer);
        const A = 0, B = 1024, C = 2048, P = 4096; // float offsets
        const a = (i: number, p: number): number => ((i * 3 + p * 5) % 7) - 3;
        const b = (p: number, j: number): number => ((p * 2 + j * 7) % 5) - 2;
        for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) f[A + (ta ? p * m + i : i * k + p)] = a(i, p);
        for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) f[B + (tb ? j * k + p : p * n + j)] = b(p, j);
        for (let x = 0; x < m * n; x++) f[C + x] = 1;
        gemm(A * 4, B * 4, C * 4, m, k, n, ta, tb, 1, P * 4);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let s = 1;
            for (let p = 0; p < k; p++) s += a(i, p) * b(p, j);
            expect(f[C + i * n + j]).toBe(s);
          }
        }
      });
    }
  }
});
