// Which backend the CLI runs on: the native addon when it loads, else the TypeScript backend. Only the
// CLI reads the environment: DESCENT_BACKEND=cpu|native, DESCENT_THREADS=N, DESCENT_NATIVE_PATH=FILE.
import type { Backend } from '../backend/backend.js';
import { cpuBackend } from '../backend/cpu/index.js';
import { isNativeBackend, loadNativeBackend, nativeUnavailableReason, type NativeBackendOptions } from '../backend/native/index.js';
import { defaultBackend, setDefaultBackend } from '../context.js';
import { ConfigError } from '../errors.js';
import type { IO } from './io.js';

/** The backend the CLI chose and what it runs on. */
export interface BackendChoice {
  readonly backend: Backend;
  /** 'native' or 'cpu' (the TypeScript backend). */
  readonly kind: 'native' | 'cpu';
  /** The SIMD level of the native backend; 'none' on the TypeScript backend. */
  readonly simd: string;
  /** Threads per kernel call (1 on the TypeScript backend). */
  readonly threads: number;
  /** Why the native backend is not used when it was not asked against; null when it runs or cpu was asked. */
  readonly fallbackReason: string | null;
}

/** What the user asked for, from flags or the environment. */
export interface BackendRequest {
  /** 'cpu', 'native', or undefined for "native when it loads". */
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
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
      throw new ConfigError('DESCENT_THREADS', `Invalid DESCENT_THREADS: '${rawThreads}' (expected an integer from 1 to 256)`);
    }
  }
  const addonPath = env.DESCENT_NATIVE_PATH === '' ? undefined : env.DESCENT_NATIVE_PATH;
  return {
    ...(backend === undefined ? {} : { backend }),
    ...(threads === undefined ? {} : { threads }),
    ...(addonPath === undefined ? {} : { addonPath }),
  };
}

/**
 * The backend for a request: 'cpu' gives the TypeScript backend; 'native' the addon or a ConfigError
 * saying why it cannot load; no preference the addon when it loads, else the TypeScript backend with
 * `fallbackReason` set.
 * @throws ConfigError for an unknown backend name, or 'native' when the addon is unavailable.
 * @example chooseBackend({ backend: 'cpu' }).kind; //=> 'cpu'
 */
export function chooseBackend(request: BackendRequest = {}): BackendChoice {
  const wanted = request.backend;
  if (wanted !== undefined && wanted !== 'cpu' && wanted !== 'native') {
    throw new ConfigError(request.from ?? 'DESCENT_BACKEND', `Invalid backend: '${wanted}' (expected 'cpu' or 'native')`);
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
  return choice.kind === 'native'
    ? `native (${choice.simd}, ${choice.threads} thread${choice.threads === 1 ? '' : 's'})`
    : 'cpu (TypeScript)';
}

/**
 * The same description for a backend in use (the default backend while a command runs).
 * @example describeBackendInUse(cpuBackend); //=> 'cpu (TypeScript)'
 */
export function describeBackendInUse(backend: Backend): string {
  return isNativeBackend(backend)
    ? describeBackend({ backend, kind: 'native', simd: backend.info.simd, threads: backend.info.threads, fallbackReason: null })
    : 'cpu (TypeScript)';
}

/** The one-line stderr notice when descent falls back to the TypeScript backend. */
export function fallbackNotice(choice: BackendChoice): string | null {
  return choice.fallbackReason === null
    ? null
    : `descent: native backend unavailable (${choice.fallbackReason}); running on the TypeScript backend\n`;
}

/**
 * Runs a command on the backend the environment asks for (native when it loads), saying on stderr when
 * descent falls back to the TypeScript backend, and restores the previous default backend afterwards so
 * that in-process callers (tests) are left as they were.
 * @throws ConfigError for an invalid DESCENT_BACKEND or DESCENT_THREADS, or DESCENT_BACKEND=native when the addon is unavailable.
 * @example await withChosenBackend(processIO, () => command.run(args, processIO));
 */
export async function withChosenBackend<T>(io: IO, run: () => Promise<T>): Promise<T> {
  const choice = chooseBackend(backendRequestFromEnv(io.env));
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
 * @example versionLine('0.1.0', io); //=> 'descent 0.1.0 (backend: cpu (TypeScript))\n'
 */
export function versionLine(version: string, io: IO): string {
  let backend: string;
  try {
    backend = describeBackend(chooseBackend(backendRequestFromEnv(io.env)));
  } catch (error) {
    backend = `unavailable: ${error instanceof Error ? error.message : String(error)}`;
  }
  return `descent ${version} (backend: ${backend})\n`;
}
