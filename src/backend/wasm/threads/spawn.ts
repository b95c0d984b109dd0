// Starting a worker, engine by engine: the core knows only this interface and the browser's Worker;
// Node's worker_threads spawner lives in ../node/spawn-worker.ts and is passed in by Node's entry.
import { BROWSER_WORKER_SOURCE } from './worker-source.js';

/** What the pool needs of a started worker. */
export interface WorkerHandle {
  postMessage(message: unknown): void;
  /** Calls `onMessage` with each message the worker posts, `onError` when it fails or exits early. */
  listen(onMessage: (message: unknown) => void, onError: (error: Error) => void): void;
  terminate(): void;
}

/** Starts one GEMM worker. */
export type SpawnWorker = () => WorkerHandle;

/** A Web Worker from the inlined source through a Blob URL, or null when this engine has no Worker. */
export function browserSpawner(): SpawnWorker | null {
  if (typeof Worker !== 'function' || typeof Blob !== 'function' || typeof URL.createObjectURL !== 'function') return null;
  return () => {
    const url = URL.createObjectURL(new Blob([BROWSER_WORKER_SOURCE], { type: 'text/javascript' }));
    const worker = new Worker(url);
    // The worker has fetched its script once it runs; the URL is not needed after that.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return {
      postMessage: (message) => worker.postMessage(message),
      listen(onMessage, onError) {
        worker.onmessage = (event: MessageEvent) => onMessage(event.data);
        worker.onerror = (event: ErrorEvent) => onError(new Error(event.message));
      },
      terminate: () => worker.terminate(),
    };
  };
}
