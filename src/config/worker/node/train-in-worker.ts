// trainInWorker in Node: the config trains in a worker thread (worker_threads), so the calling
// thread's event loop (a server, a progress display) only receives events. From dist/ the worker
// runs worker-main.js; from src/ (tests, development) worker-main.ts, through tsx's loader, which a
// worker thread does not inherit from `--import tsx`: it is registered in the thread first.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { trainThrough, type TrainingRun, type TrainInWorkerOptions, type WorkerEndpoint } from '../client.js';
import type { WorkerTrainSpec } from '../protocol.js';

/** tsx's ESM API module (the package's `./esm/api` import target), as a file URL. */
function tsxApiUrl(): string {
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import?: { default?: string } }> };
  const target = pkg.exports['./esm/api']?.import?.default;
  if (target === undefined) throw new Error(`${pkgFile} has no ./esm/api import export: cannot run the TypeScript worker`);
  return pathToFileURL(join(dirname(pkgFile), target)).href;
}

function startWorker(): Worker {
  const js = new URL('./worker-main.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js);
  const ts = new URL('./worker-main.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsxApiUrl())}).then((api) => api.register()).then(() => import(${JSON.stringify(ts)}))`;
  return new Worker(code, { eval: true });
}

function threadEndpoint(worker: Worker): WorkerEndpoint {
  return {
    post: (message) => worker.postMessage(message),
    listen: (onMessage, onFailure) => {
      worker.on('message', onMessage);
      worker.on('error', (error) => onFailure(error));
      worker.on('exit', (code) => onFailure(new Error(`the training worker exited (code ${code}) before it answered`)));
    },
    terminate: () => void worker.terminate(),
  };
}

/**
 * Trains a config in a worker thread: events stream to `onEvent`, `signal` aborts within one step,
 * and the trained model comes back deserialized with fit's result. The config's file sources are
 * not read in the worker: pass their data as `spec.datasets` (readCsv), or use a generated source.
 * @throws ConfigError / DataError from the worker (the same classes, fields and messages).
 * @example
 * const run = await trainInWorker({ config: JSON.parse(readFileSync('examples/spiral.json', 'utf8')) }, { signal });
 * run.history.at(-1)?.trainAccuracy; //=> 0.99
 */
export function trainInWorker(spec: WorkerTrainSpec, options: TrainInWorkerOptions = {}): TrainingRun {
  return trainThrough(() => threadEndpoint(startWorker()), spec, options);
}
