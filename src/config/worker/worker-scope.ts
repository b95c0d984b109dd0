// Loaded in a dedicated Web Worker, this module (and so the single-file build, which contains it)
// serves trainInWorker's messages: the page starts `new Worker(<descent's own URL>, { type: 'module' })`
// and needs no worker script of its own. Anywhere else (a page, Node) it does nothing; in a worker
// that loads descent for its own work, messages without the protocol's tag are left alone.
import { trainingService } from './serve.js';

interface DedicatedScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

function dedicatedWorkerScope(): DedicatedScope | null {
  const g = globalThis as { WorkerGlobalScope?: unknown; DedicatedWorkerGlobalScope?: unknown };
  const Scope = g.DedicatedWorkerGlobalScope;
  return typeof Scope === 'function' && globalThis instanceof Scope ? (globalThis as unknown as DedicatedScope) : null;
}

const scope = dedicatedWorkerScope();
if (scope !== null) {
  const handle = trainingService((m) => scope.postMessage(m));
  scope.addEventListener('message', (event) => handle(event.data));
}
