// The worker's side of trainInWorker, in any engine: one 'train' message builds and trains the
// config on the chosen backend, sending each run-log event (start, iteration, epoch, end) as it is
// written, then the model file's text and fit's result; an 'abort' message aborts fit's signal; any
// error is sent as an ErrorRecord. The Web Worker scope (worker-scope.ts) and Node's worker
// (node/worker-main.ts) only connect this to their ports.
import type { Backend } from '../../backend/backend.js';
import { cpuBackend } from '../../backend/cpu/index.js';
import { loadBestBackend } from '../../backend/wasm/best-backend.js';
import { loadWasmBackend } from '../../backend/wasm/index.js';
import { setDefaultBackend } from '../../context.js';
import { ConfigError } from '../../errors.js';
import { serializeModel } from '../../nn/serialize.js';
import { evaluate } from '../../train/evaluate.js';
import type { RunEvent } from '../../train/run-log.js';
import { buildExperiment } from '../build.js';
import { inConfigFile } from '../config-file-errors.js';
import { fitExperiment } from '../fit-experiment.js';
import { parseTrainConfig } from '../load-config.js';
import type { DataEnvironment } from '../load-source.js';
import { parseJsonText } from '../read-json.js';
import { experimentModelRecord, startRecord } from '../run-records.js';
import { errorRecord } from './error-record.js';
import { type FromWorker, isProtocolMessage, PROTOCOL, type ToWorker, type WorkerTrainSpec } from './protocol.js';

type TrainMessage = Extract<ToWorker, { type: 'train' }>;

async function backendFor(m: TrainMessage): Promise<Backend> {
  const source = m.wasmSource === undefined ? {} : { source: m.wasmSource };
  if (m.backend === 'wasm') return loadWasmBackend(source);
  if (m.backend === 'best') return loadBestBackend(source);
  return cpuBackend;
}

/** A worker reads no files: the config's file sources get the datasets the caller sent. */
function dataEnvironment(spec: WorkerTrainSpec): DataEnvironment {
  return {
    readFileSource: (source, split) => {
      const ds = spec.datasets?.[split];
      if (ds !== undefined) return ds;
      const field = split === 'train' ? 'data.source' : 'data.test';
      throw new ConfigError(
        field,
        `the '${source.type}' source reads files, which a worker cannot: parse the data on the caller's side ` +
          `(parseCsv) and pass it as spec.datasets.${split}, or use a generated source ('spiral')`,
      );
    },
  };
}

async function train(m: TrainMessage, signal: AbortSignal, post: (message: FromWorker) => void): Promise<void> {
  const send = (event: RunEvent) => post({ protocol: PROTOCOL, type: 'event', event });
  const file = m.spec.file ?? 'config.json';
  const backend = await backendFor(m);
  // The model's tensors live on the backend that is the default when they are made.
  setDefaultBackend(backend);
  const raw = typeof m.spec.config === 'string' ? parseJsonText(m.spec.config, file) : m.spec.config;
  const config = parseTrainConfig(raw, file);
  const exp = inConfigFile(file, () => buildExperiment(config, dataEnvironment(m.spec)));
  send(startRecord(config.name ?? file.replace(/^.*\//, '').replace(/\.json$/, ''), exp));
  const result = await fitExperiment(exp, { signal, yieldEveryMs: m.yieldEveryMs, log: { write: send }, ...(m.watch === undefined ? {} : { watch: m.watch }) });
  const test = exp.test === undefined ? undefined : evaluate(exp.model, exp.test, exp.loss, exp.dtype);
  send({
    type: 'end', status: result.status, epochs: result.epochs, seconds: result.seconds,
    ...(result.bestEpoch === undefined ? {} : { bestEpoch: result.bestEpoch }),
    ...(result.message === undefined ? {} : { message: result.message }),
    ...(test === undefined ? {} : { testLoss: test.loss }),
    ...(test?.accuracy === undefined ? {} : { testAccuracy: test.accuracy }),
  });
  const model = serializeModel(experimentModelRecord(exp));
  post({ protocol: PROTOCOL, type: 'done', result: { ...result, backend: backend.name }, model });
}

/**
 * The message handler of a training worker: give it every message the worker receives (others
 * than this protocol's are ignored); it answers through `post`.
 * @example parentPort.on('message', trainingService((m) => parentPort.postMessage(m)));
 */
export function trainingService(post: (message: FromWorker) => void): (message: unknown) => void {
  const controller = new AbortController();
  return (message) => {
    if (!isProtocolMessage(message)) return;
    const m = message as ToWorker;
    if (m.type === 'abort') {
      controller.abort();
      return;
    }
    train(m, controller.signal, post).catch((error: unknown) => post({ protocol: PROTOCOL, type: 'error', error: errorRecord(error) }));
  };
}
