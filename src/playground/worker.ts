// The Worker entry: builds the page's config into an experiment and trains it, sending snapshots;
// the page never waits for it. The one mutable state here is the current session.
import { deserializeModel } from '../nn/serialize.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { checkConfig } from './state.js';
import { BackendChoice } from './worker/backend.js';
import { doctorMessage, gradcheckMessage } from './worker/checks.js';
import { inOrder } from './worker/in-order.js';
import { Session } from './worker/session.js';

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
}

const scope = self as unknown as WorkerScope;
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const backends = new BackendChoice();
const current: { session: Session | undefined } = { session: undefined };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function init(config: unknown, backend: 'cpu' | 'wasm', weights?: string): Promise<void> {
  current.session?.stop();
  current.session = undefined;
  const chosen = await backends.use(backend);
  const checked = checkConfig(config).config;
  current.session = new Session(checked, post, chosen.name, chosen.note);
  if (weights !== undefined) current.session.loadWeights(deserializeModel(weights, { file: 'model.json' }).model.stateDict());
}

function handle(m: ToWorker): void | Promise<void> {
  if (m.type === 'init') return init(m.config, m.backend, m.weights);
  const s = current.session;
  if (s === undefined) return;
  if (m.type === 'loadModel') {
    const loaded = deserializeModel(m.text, { file: m.name });
    if (loaded.inputSize !== s.exp.inputSize) {
      throw new Error(`${m.name}: the model takes ${loaded.inputSize} inputs, but this data gives ${s.exp.inputSize} per point (features and preprocessing included)`);
    }
    const message = `${m.name}: loaded a model of ${loaded.config.length} layers on ${loaded.inputSize} inputs, with its trained weights`;
    post({ type: 'loaded', message, layers: loaded.config, text: m.text });
    return;
  }
  switch (m.type) {
    case 'play': return s.play();
    case 'pause': return s.pause();
    case 'step': return s.stepOnce();
    case 'gradcheck': return post(gradcheckMessage(s.config, s.exp));
    case 'doctor': return post(doctorMessage(s.config, s.exp));
    case 'exportModel': return post({ type: 'model', text: s.modelText() });
  }
}

const handleInOrder = inOrder(handle, (error: unknown) => post({ type: 'error', message: messageOf(error) }));
scope.addEventListener('message', (event) => handleInOrder(event.data));
