// trainInWorker in browsers: the config trains in a module Web Worker, so the page's main thread only
// receives events. The worker's script is descent itself (this module's URL: dist/browser/descent.js
// for the single-file build), which serves the worker's side when it finds itself in a worker scope
// (worker-scope.ts). A bundler that copies descent into the app's own chunks changes that URL: give
// `workerUrl`, a module that imports descent (or the single-file build's URL), then.
import { ConfigError } from '../../errors.js';
import { trainThrough, type TrainingRun, type TrainInWorkerOptions, type WorkerEndpoint } from './client.js';
import type { WorkerTrainSpec } from './protocol.js';
import './worker-scope.js';

export interface BrowserTrainInWorkerOptions extends TrainInWorkerOptions {
  /** The worker's module script (default: this build of descent, which serves the worker when loaded in one). */
  readonly workerUrl?: string | URL;
}

function webWorker(url: string | URL): WorkerEndpoint {
  const worker = new Worker(url, { type: 'module', name: 'descent-training' });
  return {
    post: (message) => worker.postMessage(message),
    listen: (onMessage, onFailure) => {
      worker.addEventListener('message', (event) => onMessage(event.data));
      worker.addEventListener('messageerror', () => onFailure(new Error('the training worker sent a message that could not be read')));
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        onFailure(new Error(`the training worker (${String(url)}) failed: ${event.message === '' ? 'its script did not load (wrong workerUrl, or a bundler moved descent)' : event.message}`));
      });
    },
    terminate: () => worker.terminate(),
  };
}

/**
 * Trains a config in a module Web Worker: events stream to `onEvent`, `signal` aborts within one
 * step, and the trained model comes back deserialized with fit's result.
 * @throws ConfigError / DataError from the worker (the same classes, fields and messages); a
 * ConfigError here when this engine has no Web Worker.
 * @example
 * const run = await trainInWorker({ config: spiralConfig }, { onEvent: (e) => e.type === 'epoch' && draw(e), signal });
 * run.model.model.forward(x);
 * // or: const run = trainInWorker(spec); for await (const e of run.events) draw(e); await run;
 */
export function trainInWorker(spec: WorkerTrainSpec, options: BrowserTrainInWorkerOptions = {}): TrainingRun {
  return trainThrough(() => {
    if (typeof Worker !== 'function') {
      throw new ConfigError('', 'this engine has no Web Worker: in Node, import trainInWorker from \'descent\' (worker_threads)');
    }
    return webWorker(options.workerUrl ?? import.meta.url);
  }, spec, options);
}
