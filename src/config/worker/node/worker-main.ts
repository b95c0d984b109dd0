// The script of a Node training worker (worker_threads), started by ./train-in-worker.ts: it only
// connects the engine-neutral training service to the thread's port.
import { parentPort } from 'node:worker_threads';
import { trainingService } from '../serve.js';

const port = parentPort;
if (port !== null) {
  const handle = trainingService((m) => port.postMessage(m));
  port.on('message', handle);
}
