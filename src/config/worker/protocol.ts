// The messages between trainInWorker's caller and its worker, the same in browsers (a Web Worker)
// and Node (worker_threads): structured-clone data only, tagged with PROTOCOL so that a worker
// loading descent for its own purposes ignores every other message.
import type { Dataset } from '../../data/dataset.js';
import type { FitResult } from '../../train/fit.js';
import type { RunEvent } from '../../train/run-log.js';
import type { WatchOptions } from '../../train/watch/watcher.js';
import type { ErrorRecord } from './error-record.js';

export const PROTOCOL = 'descent-train-worker/1';

/** A kernel module for the worker's wasm backend: a URL (absolute: the worker resolves none) or its bytes. */
export type WorkerWasmSource = string | ArrayBuffer | ArrayBufferView;

/** What a worker trains: a train config, and the data of its file sources when the caller has them. */
export interface WorkerTrainSpec {
  /** The train config, as `descent train` reads it: the parsed JSON object, or its text. */
  readonly config: unknown;
  /** The name messages give the config (default 'config.json'). */
  readonly file?: string;
  /**
   * The datasets of the config's file sources (csv, idx...), which a worker cannot read: `train`
   * for `data.source`, `test` for `data.test` (e.g. from parseCsv of an upload).
   */
  readonly datasets?: { readonly train?: Dataset; readonly test?: Dataset };
}

/** The backend the worker trains on: the TypeScript one, the wasm one (or an error), or the best that loads. */
export type WorkerBackendChoice = 'cpu' | 'wasm' | 'best';

/** Caller -> worker. */
export type ToWorker =
  | {
      readonly protocol: typeof PROTOCOL; readonly type: 'train'; readonly spec: WorkerTrainSpec;
      readonly backend: WorkerBackendChoice; readonly wasmSource?: WorkerWasmSource; readonly yieldEveryMs: number;
      readonly watch?: boolean | WatchOptions;
    }
  | { readonly protocol: typeof PROTOCOL; readonly type: 'abort' };

/** The summary of a worker's run: fit's result and the name of the backend it trained on. */
export type WorkerFitSummary = FitResult & { readonly backend: string };

/** Worker -> caller: run-log events as they happen, then either the result or the error. */
export type FromWorker =
  | { readonly protocol: typeof PROTOCOL; readonly type: 'event'; readonly event: RunEvent }
  | { readonly protocol: typeof PROTOCOL; readonly type: 'done'; readonly result: WorkerFitSummary; readonly model: string }
  | { readonly protocol: typeof PROTOCOL; readonly type: 'error'; readonly error: ErrorRecord };

/** Whether `value` is a message of this protocol (anything else a worker receives is not ours). */
export function isProtocolMessage(value: unknown): value is { readonly protocol: typeof PROTOCOL; readonly type: string } {
  return typeof value === 'object' && value !== null && (value as { protocol?: unknown }).protocol === PROTOCOL;
}
