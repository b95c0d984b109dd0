// Shared set-up of the native backend tests: which SIMD levels this machine can run, one backend per
// (level, threads) pair, seeded float32 inputs and their float64 casts for the TypeScript oracle.
import { loadNativeBackend, type NativeBackend, nativeUnavailableReason, type SimdLevel } from '../../src/backend/native/index.js';
import { Rng } from '../../src/tensor/rng.js';

/** Why the native tests are skipped, or null when the addon loads. */
export const skipReason: string | null = nativeUnavailableReason();

/** The levels this CPU and build support (empty when the addon is missing). */
export const supportedLevels: readonly SimdLevel[] = skipReason === null ? loadNativeBackend({ threads: 1 })!.info.supported : [];

/** Every level, with whether it can run here (tests skip the others with the reason in their name). */
export const allLevels: readonly SimdLevel[] = ['avx512', 'avx2', 'portable'];

const cache = new Map<string, NativeBackend>();

/** A backend forced to `simd` with `threads` threads, created once per test file. */
export function backendFor(simd: SimdLevel, threads: number): NativeBackend {
  const key = `${simd}/${threads}`;
  let b = cache.get(key);
  if (b === undefined) {
    const loaded = loadNativeBackend({ simd, threads });
    if (loaded === null) throw new Error(`cannot load the native backend: ${nativeUnavailableReason({ simd, threads })}`);
    b = loaded;
    cache.set(key, b);
  }
  return b;
}

/** Every (level, threads) combination that runs here, for describe.each / it.each. */
export const configs: { simd: SimdLevel; threads: number }[] = supportedLevels.flatMap((simd) =>
  [1, 2].map((threads) => ({ simd, threads })),
);

/** n float32 values drawn uniformly from [low, high) with `seed`. */
export function randomF32(n: number, seed: number, low = -1, high = 1): Float32Array {
  const rng = new Rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniformIn(low, high);
  return out;
}

/** The exact float64 values of a float32 array. */
export const toF64 = (x: Float32Array): Float64Array => Float64Array.from(x);

/** Elementwise |x|. */
export const absF64 = (x: Float64Array): Float64Array => x.map(Math.abs);

/**
 * Index of the first element where |got - want| > atol + rtol * |want| and got is not want rounded to
 * float32 (NaN must match NaN), or -1.
 */
export function firstMismatch(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number, atol: number): number {
  if (got.length !== want.length) return 0;
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (Number.isNaN(w) || Number.isNaN(g)) {
      if (Number.isNaN(w) !== Number.isNaN(g)) return i;
      continue;
    }
    // The float32 rounding of the exact value (which may be +-inf) is always acceptable.
    if (g === w || g === Math.fround(w)) continue;
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) return i;
  }
  return -1;
}

/** A readable description of a mismatch for expect messages. */
export function describeMismatch(i: number, got: ArrayLike<number>, want: ArrayLike<number>): string {
  return i < 0 ? 'ok' : `element ${i}: got ${got[i]}, want ${want[i]}`;
}
