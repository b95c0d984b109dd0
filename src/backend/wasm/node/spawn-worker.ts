// Node's GEMM workers: worker_threads from the inlined source (`eval`), unref'd once started so that a
// process whose work is done exits without dispose().
import { Worker } from 'node:worker_threads';
import type { SpawnWorker } from '../threads/spawn.js';
import { WORKER_BODY } from '../threads/worker-source.js';

// A worker started with `eval: true` runs a CommonJS script: the first message arrives on parentPort.
const NODE_WORKER_SOURCE = `${WORKER_BODY}
const { parentPort } = require('node:worker_threads');
parentPort.once('message', (data) => start(data, (m) => parentPort.postMessage(m)));
`;

export const nodeSpawnWorker: SpawnWorker = () => {
  const worker = new Worker(NODE_WORKER_SOURCE, { eval: true });
  return {
    postMessage: (message) => worker.postMessage(message),
    listen(onMessage, onError) {
      // Held until it answers (so that the start is awaited), then unref'd: the 'message' listener
      // would otherwise keep the worker's port, and the process, alive.
      worker.on('message', (message) => { worker.unref(); onMessage(message); });
      worker.on('error', onError);
      worker.on('exit', (code) => onError(new Error(`the worker exited with code ${code}`)));
    },
    terminate: () => { void worker.terminate(); },
  };
};
