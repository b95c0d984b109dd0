// Which backend the CLI runs on: the native addon when it loads, else the wasm backend when this engine
// runs WebAssembly SIMD, else the TypeScript backend. Only the CLI reads the environment:
// DESCENT_BACKEND=native|wasm|cpu, DESCENT_THREADS=N, DESCENT_NATIVE_PATH=FILE.
import type { Backend } from '../backend/backend.js';
import { cpuBackend } from '../backend/cpu/index.js';
import { isNativeBackend, loadNativeBackend, nativeUnavailableReason, type NativeBackendOptions } from '../backend/native/index.js';
import { enableRelaxedSimdFlag } from '../backend/node/relaxed-simd-flag.js';
import { isWasmBackend, type WasmBackend } from '../backend/wasm/index.js';
import { loadWasmBackend } from '../backend/wasm/node/load.js';
import { MAX_WASM_THREADS } from '../backend/wasm/threads/setup.js';
import { defaultBackend, setDefaultBackend } from '../context.js';
import { ConfigError } from '../errors.js';
import type { IO } from './io.js';

/** The backend the CLI chose and what it runs on. */
export interface BackendChoice {
  readonly backend: Backend;
  /** 'native', 'wasm' or 'cpu' (the TypeScript backend). */
  readonly kind: 'native' | 'wasm' | 'cpu';
  /** The SIMD level: avx512/avx2/portable (native), simd128/relaxed (wasm), 'none' on the TypeScript backend. */
  readonly simd: string;
  /** Threads per kernel call (1 on the TypeScript backend). */
  readonly threads: number;
  /** Why the native backend is not used (and the wasm one, when cpu is the result) when they were not asked against; null when it runs or another was asked. */
  readonly fallbackReason: string | null;
}

/** What the user asked for, from flags or the environment. */
export interface BackendRequest {
  /** 'cpu', 'native', 'wasm', or undefined for "native when it loads, else wasm, else cpu". */
  readonly backend?: string | undefined;
  readonly threads?: number | undefined;
  readonly addonPath?: string | undefined;
  /** Where `backend` came from, for error messages (default 'DESCENT_BACKEND'). */
  readonly from?: string;
}

// One native backend per (threads, path): each owns a thread pool, so repeated main() calls in one
// process (tests) reuse it instead of starting new pools.
const cache = new Map<string, BackendChoice>();

const CPU_CHOICE = (fallbackReason: string | null): BackendChoice => ({
  backend: cpuBackend, kind: 'cpu', simd: 'none', threads: 1, fallbackReason,
});

/** The most threads DESCENT_THREADS or a --threads flag may ask for (the native pool's limit). */
export const MAX_THREADS = 256;

/**
 * Reads DESCENT_BACKEND, DESCENT_THREADS and DESCENT_NATIVE_PATH into a request.
 * @throws ConfigError naming the variable for an invalid value.
 * @example backendRequestFromEnv({ DESCENT_THREADS: '1' }); //=> { threads: 1 }
 */
export function backendRequestFromEnv(env: Readonly<Record<string, string | undefined>>): BackendRequest {
  const backend = env.DESCENT_BACKEND === '' ? undefined : env.DESCENT_BACKEND;
  const rawThreads = env.DESCENT_THREADS === '' ? undefined : env.DESCENT_THREADS;
  let threads: number | undefined;
  if (rawThreads !== undefined) {
    threads = Number(rawThreads);
    if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
      throw new ConfigError('DESCENT_THREADS', `Invalid DESCENT_THREADS: '${rawThreads}' (expected an integer from 1 to ${MAX_THREADS})`);
    }
  }
  const addonPath = env.DESCENT_NATIVE_PATH === '' ? undefined : env.DESCENT_NATIVE_PATH;
  return {
    ...(backend === undefined ? {} : { backend }),
    ...(threads === undefined ? {} : { threads }),
    ...(addonPath === undefined ? {} : { addonPath }),
  };
}

const BACKENDS = ['native', 'wasm', 'cpu'];

function checkBackendName(request: BackendRequest): void {
  const wanted = request.backend;
  if (wanted !== undefined && !BACKENDS.includes(wanted)) {
    throw new ConfigError(request.from ?? 'DESCENT_BACKEND', `Invalid backend: '${wanted}' (expected 'native', 'wasm' or 'cpu')`);
  }
}

// The wasm backend is loaded once per process and thread count: its module, memory and workers are
// reused by every main() call.
const wasmChoices = new Map<number, BackendChoice>();

// The wasm backend runs on 1 thread unless DESCENT_THREADS or --threads asks for more, even on a machine
// with 2 cores: 2 threads run the MLP's products about 1.9x as fast on idle cores, but on a busy second
// core (another process, the dashboard) they gain nothing, and each worker spins some tens of
// microseconds after every product, taking CPU from whatever else runs. Opting in is one variable.
const WASM_DEFAULT_THREADS = 1;

async function loadWasmChoice(request: BackendRequest): Promise<BackendChoice> {
  // DESCENT_THREADS takes up to 256 (for the native pool); the wasm backend takes up to 16 and gets at most that.
  const threads = Math.min(request.threads ?? WASM_DEFAULT_THREADS, MAX_WASM_THREADS);
  const cached = wasmChoices.get(threads);
  if (cached !== undefined) return cached;
  // Node 20 validates relaxed SIMD only behind a V8 flag; set before the first compile.
  enableRelaxedSimdFlag();
  let choice: BackendChoice;
  try {
    const wasm: WasmBackend = await loadWasmBackend({ threads });
    choice = { backend: wasm, kind: 'wasm', simd: wasm.info.simd, threads: wasm.info.threads, fallbackReason: null };
  } catch (error) {
    choice = CPU_CHOICE(error instanceof Error ? error.message : String(error));
  }
  wasmChoices.set(threads, choice);
  return choice;
}

/**
 * The backend for a request, loading the wasm backend when it is asked for or when the native addon
 * does not load: 'wasm' gives the wasm backend or a ConfigError saying why it cannot load; no
 * preference gives native, else wasm (with `fallbackReason` saying why not native), else cpu.
 * @throws ConfigError for an unknown backend name, or 'native'/'wasm' when that backend is unavailable.
 * @example (await chooseBackendAsync({ backend: 'wasm' })).kind; //=> 'wasm'
 */
export async function chooseBackendAsync(request: BackendRequest = {}): Promise<BackendChoice> {
  checkBackendName(request);
  const wanted = request.backend;
  if (wanted === 'wasm') {
    const choice = await loadWasmChoice(request);
    if (choice.kind !== 'wasm') {
      throw new ConfigError(request.from ?? 'DESCENT_BACKEND',
        `wasm was asked for but the wasm backend is unavailable: ${choice.fallbackReason ?? 'unknown reason'}`);
    }
    return choice;
  }
  const choice = chooseBackend(request);
  if (wanted !== undefined || choice.kind === 'native') return choice;
  const wasm = await loadWasmChoice(request);
  return wasm.kind === 'wasm'
    ? { ...wasm, fallbackReason: choice.fallbackReason }
    : CPU_CHOICE(`${choice.fallbackReason ?? 'unknown reason'}; wasm: ${wasm.fallbackReason ?? 'unknown reason'}`);
}

/**
 * The backend for a request without loading wasm: 'cpu' gives the TypeScript backend; 'native' the addon or a ConfigError
 * saying why it cannot load; no preference the addon when it loads, else the TypeScript backend with
 * `fallbackReason` set; 'wasm' the wasm backend once chooseBackendAsync has loaded it.
 * @throws ConfigError for an unknown backend name, 'native' when the addon is unavailable, or 'wasm' before it is loaded.
 * @example chooseBackend({ backend: 'cpu' }).kind; //=> 'cpu'
 */
export function chooseBackend(request: BackendRequest = {}): BackendChoice {
  const wanted = request.backend;
  checkBackendName(request);
  if (wanted === 'wasm') {
    const loaded = wasmChoices.get(Math.min(request.threads ?? WASM_DEFAULT_THREADS, MAX_WASM_THREADS));
    if (loaded?.kind === 'wasm') return loaded;
    throw new ConfigError(request.from ?? 'DESCENT_BACKEND', 'wasm loads asynchronously: use chooseBackendAsync');
  }
  if (wanted === 'cpu') return CPU_CHOICE(null);
  const key = `${request.threads ?? ''}|${request.addonPath ?? ''}`;
  let choice = cache.get(key);
  if (choice === undefined) {
    const options: NativeBackendOptions = {
      ...(request.threads === undefined ? {} : { threads: request.threads }),
      ...(request.addonPath === undefined ? {} : { addonPath: request.addonPath }),
    };
    const native = loadNativeBackend(options);
    choice = native === null
      ? CPU_CHOICE(nativeUnavailableReason(options) ?? 'the addon failed to start')
      : { backend: native, kind: 'native', simd: native.info.simd, threads: native.info.threads, fallbackReason: null };
    cache.set(key, choice);
  }
  if (wanted === 'native' && choice.kind !== 'native') {
    throw new ConfigError(request.from ?? 'DESCENT_BACKEND',
      `native was asked for but the native backend is unavailable: ${choice.fallbackReason ?? 'unknown reason'}`);
  }
  return choice;
}

/**
 * One line naming the backend, e.g. "native (avx512, 2 threads)" or "cpu (TypeScript)".
 * @example describeBackend(chooseBackend({ backend: 'cpu' })); //=> 'cpu (TypeScript)'
 */
export function describeBackend(choice: BackendChoice): string {
  return choice.kind === 'cpu'
    ? 'cpu (TypeScript)'
    : `${choice.kind} (${choice.simd}, ${choice.threads} thread${choice.threads === 1 ? '' : 's'})`;
}

/**
 * The same description for a backend in use (the default backend while a command runs).
 * @example describeBackendInUse(cpuBackend); //=> 'cpu (TypeScript)'
 */
export function describeBackendInUse(backend: Backend): string {
  if (isWasmBackend(backend)) {
    return describeBackend({ backend, kind: 'wasm', simd: backend.info.simd, threads: backend.info.threads, fallbackReason: null });
  }
  if (isNativeBackend(backend)) {
    return describeBackend({ backend, kind: 'native', simd: backend.info.simd, threads: backend.info.threads, fallbackReason: null });
  }
  return 'cpu (TypeScript)';
}

/** The one-line stderr notice when descent falls back from the native backend. */
export function fallbackNotice(choice: BackendChoice): string | null {
  if (choice.fallbackReason === null) return null;
  const on = choice.kind === 'wasm' ? `the wasm backend (${choice.simd})` : 'the TypeScript backend';
  return `descent: native backend unavailable (${choice.fallbackReason}); running on ${on}\n`;
}

/**
 * Runs a command on the backend the environment asks for (native when it loads), saying on stderr when
 * descent falls back to the TypeScript backend, and restores the previous default backend afterwards so
 * that in-process callers (tests) are left as they were.
 * @throws ConfigError for an invalid DESCENT_BACKEND or DESCENT_THREADS, or DESCENT_BACKEND=native|wasm when that backend is unavailable.
 * @example await withChosenBackend(processIO, () => command.run(args, processIO));
 */
export async function withChosenBackend<T>(io: IO, run: () => Promise<T>): Promise<T> {
  const choice = await chooseBackendAsync(backendRequestFromEnv(io.env));
  const notice = fallbackNotice(choice);
  if (notice !== null) io.err(notice);
  const previous = defaultBackend();
  setDefaultBackend(choice.backend);
  try {
    return await run();
  } finally {
    setDefaultBackend(previous);
  }
}

/**
 * What `descent --version` prints: the version and the backend, e.g. "descent 0.1.0 (native (avx512, 2 threads))".
 * @example await versionLine('0.1.0', io); //=> 'descent 0.1.0 (backend: cpu (TypeScript))\n'
 */
export async function versionLine(version: string, io: IO): Promise<string> {
  let backend: string;
  try {
    backend = describeBackend(await chooseBackendAsync(backendRequestFromEnv(io.env)));
  } catch (error) {
    backend = `unavailable: ${error instanceof Error ? error.message : String(error)}`;
  }
  return `descent ${version} (backend: ${backend})\n`;
}
