// loadWasmBackend for Node: the same backend, with threads > 1 started as worker_threads. Node's entry
// exports this one under the same name, so `loadWasmBackend({ threads: 2 })` works in Node as in a page.
import { loadWasmBackend as loadCore, type WasmBackend, type WasmBackendOptions } from '../index.js';
import { nodeSpawnWorker } from './spawn-worker.js';

/**
 * The wasm backend, its GEMM on `threads` threads (worker_threads; default 1).
 * @throws ConfigError for invalid options; WasmUnavailableError when the module cannot load.
 * @example const backend = await loadWasmBackend({ threads: 2 }); backend.dispose();
 */
export function loadWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  return loadCore({ spawnWorker: nodeSpawnWorker, ...options });
}
