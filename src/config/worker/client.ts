// The caller's side of trainInWorker, whatever the worker is (a Web Worker, a Node worker thread):
// send the spec, pass each run-log event on, forward an abort, and settle with the deserialized
// model and fit's result, or with the worker's error rebuilt as its own class.
import type { WatchOptions } from '../../train/watch/watcher.js';
import { ConfigError } from '../../errors.js';
import { deserializeModel, type LoadedModel } from '../../nn/serialize.js';
import type { RunEvent } from '../../train/run-log.js';
import { errorFrom } from './error-record.js';
import { EventQueue } from './event-queue.js';
import {
  type FromWorker, isProtocolMessage, PROTOCOL, type ToWorker, type WorkerBackendChoice, type WorkerFitSummary,
  type WorkerTrainSpec, type WorkerWasmSource,
} from './protocol.js';

/** A started worker, as the client needs it. */
export interface WorkerEndpoint {
  post(message: ToWorker): void;
  /** Every message the worker sends, and an Error when it fails or exits without answering. */
  listen(onMessage: (message: unknown) => void, onFailure: (error: Error) => void): void;
  terminate(): void;
}

export interface TrainInWorkerOptions {
  /** Each run-log event as the worker writes it: start, iteration, epoch, and end last. */
  readonly onEvent?: (event: RunEvent) => void;
  /** Aborting stops the worker's fit within one step; the promise then resolves with status 'aborted'. */
  readonly signal?: AbortSignal;
  /** 'cpu' (default), 'wasm' (rejects with WasmUnavailableError where it cannot load), or 'best' (loadBestBackend). */
  readonly backend?: WorkerBackendChoice;
  /** The wasm kernel module to load instead of the inlined one: a URL (relative ones resolve against the page) or its bytes. */
  readonly wasmSource?: URL | WorkerWasmSource;
  /** fit's yieldEveryMs in the worker; default 0: the worker sees an abort before its next step. */
  readonly yieldEveryMs?: number;
  /**
   * fit's watch (default off, as in fit): each symptom the notes warn of arrives as a 'warning'
   * event, and with `{ strict: true }` the run stops at the first ('stopped-by-warning').
   */
  readonly watch?: boolean | WatchOptions;
}

/** What trainInWorker resolves with: fit's result, the backend used, and the trained model. */
export interface WorkerTrainResult extends WorkerFitSummary {
  /** The trained model, rebuilt from `modelText` (in eval mode), with its extras (loss, classes, preprocessing). */
  readonly model: LoadedModel;
  /** The model file's text (what `descent train` writes as model.json). */
  readonly modelText: string;
}

const BACKENDS: readonly WorkerBackendChoice[] = ['cpu', 'wasm', 'best'];

/**
 * A run in progress: a promise of its result that also has the run's events for `for await`.
 * @example
 * const run = trainInWorker(spec);
 * for await (const e of run.events) if (e.type === 'epoch') draw(e);
 * const { model } = await run;
 */
export type TrainingRun = Promise<WorkerTrainResult> & {
  /**
   * The run's events from the moment this is first read (read it before awaiting the run): start,
   * iteration and epoch, end; the iteration ends when the run settles, or throws the run's error.
   */
  readonly events: AsyncIterableIterator<RunEvent>;
};

/** A URL source made absolute here: the worker would resolve a relative one against its own script. */
function absolute(source: URL | WorkerWasmSource | undefined): WorkerWasmSource | undefined {
  if (source instanceof URL) return source.href;
  if (typeof source !== 'string') return source;
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    return new URL(source, base).href;
  } catch {
    return source;
  }
}

/**
 * Trains `spec` in the worker `start` starts, which is terminated when the run settles.
 * @throws ConfigError for an unknown `backend`; what the worker threw (ConfigError, DataError... as their own classes).
 */
export function trainThrough(start: () => WorkerEndpoint, spec: WorkerTrainSpec, options: TrainInWorkerOptions = {}): TrainingRun {
  const queues: EventQueue<RunEvent>[] = [];
  const promise = runThrough(start, spec, options, (event) => {
    for (const q of queues) q.push(event);
  });
  let outcome: { error?: unknown } | null = null;
  const end = (o: { error?: unknown }) => {
    outcome = o;
    for (const q of queues) q.close(o.error);
  };
  promise.then(() => end({}), (error: unknown) => end({ error }));
  let events: EventQueue<RunEvent> | undefined;
  return Object.defineProperty(promise, 'events', {
    get(): EventQueue<RunEvent> {
      if (events === undefined) {
        events = new EventQueue<RunEvent>();
        queues.push(events);
        if (outcome !== null) events.close(outcome.error);
        // The iteration throws the run's error: whoever reads the events has it handled there.
        promise.catch(() => {});
      }
      return events;
    },
  }) as TrainingRun;
}

function runThrough(start: () => WorkerEndpoint, spec: WorkerTrainSpec, options: TrainInWorkerOptions, publish: (event: RunEvent) => void): Promise<WorkerTrainResult> {
  const backend = options.backend ?? 'cpu';
  if (!BACKENDS.includes(backend)) {
    return Promise.reject(new ConfigError('backend', `expected one of ${BACKENDS.map((b) => `'${b}'`).join(', ')}, got ${JSON.stringify(backend)}`));
  }
  return new Promise<WorkerTrainResult>((resolve, reject) => {
    // Started inside the promise: a Worker constructor that throws (a cross-origin script URL) rejects it.
    const endpoint = start();
    const { signal } = options;
    const abort = () => endpoint.post({ protocol: PROTOCOL, type: 'abort' });
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      endpoint.terminate();
      finish();
    };
    const onMessage = (message: unknown) => {
      if (!isProtocolMessage(message)) return;
      const m = message as FromWorker;
      try {
        if (m.type === 'event') {
          options.onEvent?.(m.event);
          publish(m.event);
        }
        else if (m.type === 'error') settle(() => reject(errorFrom(m.error)));
        else settle(() => resolve({ ...m.result, model: deserializeModel(m.model, { file: 'the worker\'s model' }), modelText: m.model }));
      } catch (error) {
        settle(() => reject(error));
      }
    };
    endpoint.listen(onMessage, (error) => settle(() => reject(error)));
    const wasmSource = absolute(options.wasmSource);
    endpoint.post({
      protocol: PROTOCOL, type: 'train', spec, backend, yieldEveryMs: options.yieldEveryMs ?? 0,
      ...(wasmSource === undefined ? {} : { wasmSource }),
      ...(options.watch === undefined ? {} : { watch: options.watch }),
    });
    if (signal?.aborted === true) abort();
    else signal?.addEventListener('abort', abort, { once: true });
  });
}
