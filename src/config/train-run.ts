// One documented library call for what `descent train` does: build from the config, train, and
// write the run directory (config.json, metrics.jsonl, model.json, curves.svg).
import { existsSync, mkdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { JsonObject } from '../nn/canonical-json.js';
import { serializeModel } from '../nn/serialize.js';
import { trainingCurves } from '../plot/index.js';
import { atomicWriteFile } from '../train/atomic-write.js';
import { evaluate } from '../train/evaluate.js';
import { type FitCallbacks, type FitResult, fit } from '../train/fit.js';
import { readRunLog, RunLogWriter } from '../train/run-log.js';
import { buildExperiment, type Experiment } from './build.js';
import type { DataEnvironment } from './load-source.js';
import type { TrainConfig } from './schema.js';
import { stripUndefined } from './strip-undefined.js';

export interface TrainRunOptions {
  /** The run directory; default `runs/<config name>-<timestamp>` under `cwd`. */
  readonly outDir?: string;
  /** Folder for the default run directory. Default process.cwd(). */
  readonly cwd?: string;
  readonly env?: DataEnvironment;
  readonly callbacks?: FitCallbacks & { onStart?(experiment: Experiment, runDir: string): void };
  /** The config file's path, for the run name. */
  readonly configFile?: string;
}

/** What `descent train --json` prints. */
export interface TrainSummary {
  readonly status: FitResult['status'];
  readonly trainLoss: number;
  readonly trainAccuracy?: number;
  readonly valLoss?: number;
  readonly valAccuracy?: number;
  readonly testLoss?: number;
  readonly testAccuracy?: number;
  readonly epochs: number;
  readonly bestEpoch?: number;
  readonly seconds: number;
  readonly runDir: string;
  readonly message?: string;
}

function timestamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** A fresh run directory name that does not exist yet. */
export function defaultRunDir(cwd: string, name: string): string {
  const base = join(cwd, 'runs', `${name}-${timestamp()}`);
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  return dir;
}

/** Writes curves.svg from the run log. */
export function writeCurves(runDir: string, title: string): void {
  const { events } = readRunLog(join(runDir, 'metrics.jsonl'));
  const iterations = events.flatMap((e) => (e.type === 'iteration' ? [{ step: e.step, loss: e.loss }] : []));
  const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e] : []));
  atomicWriteFile(join(runDir, 'curves.svg'), trainingCurves({ title, iterations, epochs }));
}

/**
 * Trains from a validated config and writes the run directory. Returns the summary; a diverged
 * run (NaN loss) returns status 'diverged' with the last finite model saved.
 * @example
 * const summary = await trainFromConfig(loadTrainConfig('examples/spiral.json').config);
 * summary.trainAccuracy; //=> 0.99
 */
export async function trainFromConfig(config: TrainConfig, options: TrainRunOptions = {}): Promise<TrainSummary> {
  const started = Date.now();
  const name = config.name ?? (options.configFile === undefined ? 'run' : basename(options.configFile, extname(options.configFile)));
  const exp = buildExperiment(config, options.env ?? {});
  const runDir = resolve(options.outDir ?? defaultRunDir(options.cwd ?? process.cwd(), name));
  mkdirSync(runDir, { recursive: true });
  atomicWriteFile(join(runDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  const log = new RunLogWriter(join(runDir, 'metrics.jsonl'));
  log.write({
    type: 'start', time: new Date().toISOString(), name, config,
    parameters: exp.model.parameterCount(), trainSize: exp.train.ds.n,
    valSize: exp.validation?.ds.n ?? 0, testSize: exp.test?.ds.n ?? 0,
    stepsPerEpoch: Math.ceil(exp.train.ds.n / exp.batchSize), backend: exp.model.parameters()[0]?.backend.name ?? 'cpu',
  });
  options.callbacks?.onStart?.(exp, runDir);
  const result = await fit({
    model: exp.model, loss: exp.loss, optimizer: exp.optimizer, train: exp.train, epochs: config.epochs,
    batchSize: exp.batchSize, rng: exp.shuffleRng, dtype: exp.dtype,
    ...(exp.validation === undefined ? {} : { validation: exp.validation }),
    ...(config.regularization === undefined ? {} : { regularization: stripUndefined(config.regularization) }),
    ...(exp.schedule === undefined ? {} : { schedule: exp.schedule }),
    ...(exp.momentumSchedule === undefined ? {} : { momentumSchedule: exp.momentumSchedule }),
    ...(exp.plateau === undefined ? {} : { plateau: exp.plateau }),
    ...(config.earlyStopping === undefined ? {} : { earlyStopping: stripUndefined(config.earlyStopping) }),
    ...(config.clipGradNorm === undefined ? {} : { clipGradNorm: config.clipGradNorm }),
    ...(options.callbacks === undefined ? {} : { callbacks: options.callbacks }),
    log,
  });
  const final = {
    train: evaluate(exp.model, exp.train, exp.loss, exp.dtype),
    val: exp.validation === undefined ? undefined : evaluate(exp.model, exp.validation, exp.loss, exp.dtype),
    test: exp.test === undefined ? undefined : evaluate(exp.model, exp.test, exp.loss, exp.dtype),
  };
  saveRunModel(runDir, exp);
  const seconds = (Date.now() - started) / 1000;
  log.write({
    type: 'end', status: result.status, epochs: result.epochs, seconds,
    ...(result.bestEpoch === undefined ? {} : { bestEpoch: result.bestEpoch }),
    ...(result.message === undefined ? {} : { message: result.message }),
    ...(final.test === undefined ? {} : { testLoss: final.test.loss }),
    ...(final.test?.accuracy === undefined ? {} : { testAccuracy: final.test.accuracy }),
  });
  log.flush();
  writeCurves(runDir, name);
  return {
    status: result.status, epochs: result.epochs, seconds, runDir,
    trainLoss: final.train.loss,
    ...(final.train.accuracy === undefined ? {} : { trainAccuracy: final.train.accuracy }),
    ...(final.val === undefined ? {} : { valLoss: final.val.loss }),
    ...(final.val?.accuracy === undefined ? {} : { valAccuracy: final.val.accuracy }),
    ...(final.test === undefined ? {} : { testLoss: final.test.loss }),
    ...(final.test?.accuracy === undefined ? {} : { testAccuracy: final.test.accuracy }),
    ...(result.bestEpoch === undefined ? {} : { bestEpoch: result.bestEpoch }),
    ...(result.message === undefined ? {} : { message: result.message }),
  };
}

/** Saves model.json: architecture, values, and what predict needs (preprocessing, loss, classes). */
function saveRunModel(runDir: string, exp: Experiment): void {
  const extras: JsonObject = {
    loss: exp.loss.name,
    ...(exp.classes === undefined ? {} : { classes: exp.classes }),
    ...(exp.preprocess === null ? {} : { preprocess: exp.preprocess as unknown as JsonObject }),
  };
  const text = serializeModel({ config: exp.config.model, inputSize: exp.inputSize, dtype: exp.dtype, state: exp.model.stateDict(), extras });
  atomicWriteFile(join(runDir, 'model.json'), text);
}
