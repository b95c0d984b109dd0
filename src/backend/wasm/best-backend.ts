// The backend a page should train on: the wasm backend when this engine can run it (relaxed SIMD
// where it validates, else SIMD128), else the TypeScript backend, with one warning that says why.
// Before the wasm backend is handed out, one small product is checked against its hand-computed
// value: a module fetched from elsewhere (an old or wrong file behind `source`) is refused with a
// warning, never trained on.
import type { Backend } from '../backend.js';
import { cpuBackend } from '../cpu/index.js';
import { loadWasmBackend, WasmUnavailableError, type WasmBackendOptions } from './index.js';
import type { WasmSource } from './source.js';
import { relaxedSimdSupported, wasmUnavailableReason } from './support.js';

/** The two builds of the kernel module. */
export type WasmFlavour = 'relaxed' | 'simd128';

export interface BestBackendOptions extends Pick<WasmBackendOptions, 'memoryMiB'> {
  /**
   * Where the kernel module comes from instead of the inlined bytes: one source (the build `relaxed`
   * names), or a function from the build this engine runs to its source, e.g.
   * `(flavour) => \`/kernels-${flavour}.wasm\``.
   */
  readonly source?: WasmSource | ((flavour: WasmFlavour) => WasmSource);
  /** Use the relaxed-SIMD build (default: where it validates). */
  readonly relaxed?: boolean;
  /** Told why the wasm backend is not used (default: console.warn); called at most once. */
  readonly onFallback?: (reason: string) => void;
}

// [[1, 2, 3], [4, 5, 6]] x [[1, 0], [0, 1], [1, 1]] = [[1+3, 2+3], [4+6, 5+6]].
const A = new Float32Array([1, 2, 3, 4, 5, 6]);
const B = new Float32Array([1, 0, 0, 1, 1, 1]);
const PRODUCT = [4, 5, 10, 11];

/** Why `backend` computes the check product wrongly, or null when it is right. */
function productProblem(backend: Backend): string | null {
  const out = new Float32Array(4);
  try {
    backend.matmul(A, B, out, 2, 3, 2, { transA: false, transB: false });
  } catch (error) {
    return `its matrix product threw: ${(error as Error).message}`;
  }
  return PRODUCT.every((v, i) => out[i] === v) ? null : `its matrix product gave [${[...out].join(', ')}] instead of [${PRODUCT.join(', ')}]`;
}

function warn(reason: string): void {
  // The one message a page's console shows when it trains on the slower backend.
  // eslint-disable-next-line no-console
  console.warn(reason);
}

/**
 * The wasm backend when it loads and computes right here, else cpuBackend after one call of
 * `onFallback` (default console.warn) naming the reason: no WebAssembly, no SIMD, no relaxed SIMD
 * where `relaxed: true` asks for it, a failed fetch of `source`, a compile error, or a wrong product. Other mistakes (a bad memoryMiB) still throw.
 * @example setDefaultBackend(await loadBestBackend({ source: (flavour) => `/kernels-${flavour}.wasm` }));
 */
export async function loadBestBackend(options: BestBackendOptions = {}): Promise<Backend> {
  const fallBack = (why: string): Backend => {
    (options.onFallback ?? warn)(`descent: training on the TypeScript backend (cpu), not wasm: ${why}`);
    return cpuBackend;
  };
  const unavailable = wasmUnavailableReason();
  if (unavailable !== null) return fallBack(unavailable);
  const relaxed = options.relaxed ?? relaxedSimdSupported();
  const source = typeof options.source === 'function' ? options.source(relaxed ? 'relaxed' : 'simd128') : options.source;
  let backend: Backend;
  try {
    backend = await loadWasmBackend({
      relaxed,
      ...(source === undefined ? {} : { source }),
      ...(options.memoryMiB === undefined ? {} : { memoryMiB: options.memoryMiB }),
    });
  } catch (error) {
    if (error instanceof WasmUnavailableError) return fallBack(error.message);
    throw error;
  }
  const wrong = productProblem(backend);
  return wrong === null ? backend : fallBack(`the wasm kernel module is wrong here: ${wrong}`);
}
