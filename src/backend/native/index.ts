// The native CPU backend (issue 8): a Node-API addon built from native/ by node-gyp at install time.
// Loading never throws for a missing or broken addon: it returns null and the caller stays on the
// TypeScript backend; nativeUnavailableReason says why.
import { availableParallelism } from 'node:os';
import { ConfigError } from '../../errors.js';
import type { Backend } from '../backend.js';
import { cpuBackend } from '../cpu/index.js';
import { defaultAddonPath, loadAddon, type NativeAddon, type SimdLevel } from './addon.js';
import { nativeFused } from './fused.js';
import { nativeKernelsBackend } from './kernels.js';
import { nativeWindows } from './windows.js';

export type { SimdLevel } from './addon.js';
export type {
  Activation, AdagradHyper, AdamHyper, FusedKernels, MomentumHyper, RmspropHyper, SgdHyper,
} from '../fused-kernels.js';
export { cpuFused } from '../cpu/fused.js';

const SIMD_LEVELS: readonly SimdLevel[] = ['avx512', 'avx2', 'portable'];
const MAX_THREADS = 256;

/** Options of loadNativeBackend. */
export interface NativeBackendOptions {
  /** Threads per kernel call, the caller's included (default: the machine's cores; the CLI passes DESCENT_THREADS). */
  readonly threads?: number;
  /** Force a SIMD level (default: the best this CPU has); a level the CPU lacks makes the load fail. */
  readonly simd?: SimdLevel;
  /** The .node file (default: native/build/Release/descent_native.node under the package root). */
  readonly addonPath?: string;
}

/** A Backend whose float32 kernels run in the native addon, plus the fused kernels and what it runs on. */
export interface NativeBackend extends Backend {
  readonly info: {
    /** The SIMD level in use. */
    readonly simd: SimdLevel;
    /** Threads per kernel call. */
    readonly threads: number;
    /** Every level this CPU and build support, best first. */
    readonly supported: readonly SimdLevel[];
  };
}

function checkOptions(options: NativeBackendOptions): void {
  const { threads, simd } = options;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS)) {
    throw new ConfigError('threads', `Invalid threads: ${threads} (expected an integer from 1 to ${MAX_THREADS})`);
  }
  if (simd !== undefined && !SIMD_LEVELS.includes(simd)) {
    throw new ConfigError('simd', `Invalid simd: ${String(simd)} (expected one of ${SIMD_LEVELS.join(', ')})`);
  }
}

/** The addon and the level to use, or why there is none. */
function probe(options: NativeBackendOptions): { addon: NativeAddon; simd: SimdLevel } | string {
  checkOptions(options);
  const addon = loadAddon(options.addonPath ?? defaultAddonPath());
  if (typeof addon === 'string') return addon;
  const supported = addon.supported();
  const simd = options.simd ?? supported[0] ?? 'portable';
  if (!supported.includes(simd)) {
    return `this CPU or build lacks simd level '${simd}' (supported: ${supported.join(', ')})`;
  }
  return { addon, simd };
}

/**
 * Why loadNativeBackend(options) would return null, or null when it would succeed.
 * @throws ConfigError for an invalid `threads` or `simd`.
 * @example
 * nativeUnavailableReason({ addonPath: '/nowhere.node' }); //=> 'the native addon is not built (no file at /nowhere.node); ...'
 */
export function nativeUnavailableReason(options: NativeBackendOptions = {}): string | null {
  const found = probe(options);
  return typeof found === 'string' ? found : null;
}

/**
 * True for a backend loadNativeBackend made (it carries the addon's `info`).
 * @example isNativeBackend(cpuBackend); //=> false
 */
export function isNativeBackend(backend: Backend): backend is NativeBackend {
  // The wasm backend carries an `info` too: the SIMD level tells the two apart.
  const info = (backend as Partial<NativeBackend>).info;
  return info !== undefined && SIMD_LEVELS.includes(info.simd);
}

/**
 * Loads the native CPU backend: float32 matmul, elementwise maps, row reductions, softmax, the fused
 * kernels and the window kernels (im2col, col2im, pools) in C++ (AVX-512, AVX2 or portable, picked at
 * load time), everything else and all float64 work on the TypeScript backend. Returns null, never
 * throwing, when the addon is missing or cannot load.
 * @throws ConfigError for an invalid `threads` or `simd`.
 * @example
 * const backend = loadNativeBackend({ threads: 2 }) ?? cpuBackend;
 * backend.name; //=> 'native-avx512' on an AVX-512 machine with the addon built
 */
export function loadNativeBackend(options: NativeBackendOptions = {}): NativeBackend | null {
  const found = probe(options);
  if (typeof found === 'string') return null;
  const threads = options.threads ?? Math.min(availableParallelism(), MAX_THREADS);
  let kernels;
  try {
    kernels = found.addon.create(found.simd, threads);
  } catch {
    return null;
  }
  const info = { simd: kernels.info.simd, threads: kernels.info.threads, supported: found.addon.supported() };
  const windows = nativeWindows(kernels, cpuBackend);
  return { ...nativeKernelsBackend(kernels, cpuBackend), ...nativeFused(kernels), ...windows, info };
}
