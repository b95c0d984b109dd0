// One documented library call for what `descent train` does: build from the config, train, and
// write the run directory (config.json, metrics.jsonl, checkpoint.json, model.json, curves.svg);
// or continue such a run from its checkpoint.
import { existsSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { serializeModel } from '../../nn/serialize.js';
import { trainingCurves } from '../../plot/index.js';
import { DataError, DescentError, RunFinishedError } from '../../errors.js';
import { atomicWriteFile } from '../../train/node/atomic-write.js';
import { acquireDirLock } from '../../train/node/dir-lock.js';
import { CHECKPOINT_FILE, type TrainingState } from '../../train/checkpoint.js';
import { readCheckpoint, writeCheckpoint } from '../../train/node/checkpoint-file.js';
import { evaluate } from '../../train/evaluate.js';
import { type FitCallbacks, type FitResult, fit } from '../../train/fit.js';
import { resumedEvents } from '../../train/resumed-events.js';
import { type EpochEvent, type StartEvent } from '../../train/run-log.js';
import { experimentModelRecord, startRecord } from '../run-records.js';
import { endTornLine, readRunLog, RunLogWriter } from '../../train/node/run-log-file.js';
import { type Experiment } from '../build.js';
import { buildExperiment } from './build-experiment.js';
import { loadTrainConfig } from './load-config-file.js';
import { inConfigFile } from '../config-file-errors.js';
import { claimRunDir, makeRunDir, removeStaleTempFiles } from './run-dir.js';
import type { DataEnvironment } from '../load-source.js';
import type { TrainConfig } from '../schema.js';
import { experimentFitOptions } from '../fit-experiment.js';
import type { WatchOptions } from '../../train/watch/watcher.js';
import { watchEntry } from '../experiment-watch.js';
import { initFrom } from '../init-from.js';
import { loadModel } from '../../train/node/model-file.js';

export interface TrainRunOptions {
  /** The run directory; default `runs/<config name>-<timestamp>` under `cwd`. */
  readonly outDir?: string;
  /** Folder for the default run directory. Default process.cwd(). */
  readonly cwd?: string;
  readonly env?: DataEnvironment;
  readonly callbacks?: FitCallbacks & { onStart?(experiment: Experiment, runDir: string): void };
  /** The config file's path, for the run name. */
  readonly configFile?: string;
  /**
   * Write checkpoint.json every this many epochs and after the last (0 turns checkpoints off).
   * Default: every epoch, but at most one per second (so runs of millisecond epochs do not spend
   * their time in fsync), and after the last.
   */
  readonly checkpointEvery?: number;
  /** Asked at each epoch end: true stops training there with a checkpoint (fit's `interrupted`). */
  readonly interrupted?: () => boolean;
  /** Start clean in an output folder that already holds a run (its run files are removed first). */
  readonly overwrite?: boolean;
  /** fit's `watch`: warnings into the run log and `callbacks.onWarning`; `strict` stops at the first. */
  readonly watch?: boolean | WatchOptions;
  /** A saved model whose weights the run starts from (its layers must be the config's). */
  readonly initFrom?: string;
}

/** Options of resumeTraining: those of trainFromConfig that still apply to an existing run. */
export type ResumeRunOptions = Pick<TrainRunOptions, 'env' | 'callbacks' | 'checkpointEvery' | 'interrupted' | 'watch'>;

/** What `descent train --json` prints. */
export interface TrainSummary {
  readonly status: FitResult['status'];
  readonly trainLoss: number;
  readonly trainAccuracy?: number;
  /** null when the config has no validation split (`data.validation`). */
  readonly valLoss: number | null;
  /** null without a validation split, and for regression losses (no accuracy). */
  readonly valAccuracy: number | null;
  readonly testLoss?: number;
  readonly testAccuracy?: number;
  readonly epochs: number;
  readonly bestEpoch?: number;
  readonly seconds: number;
  readonly runDir: string;
  readonly message?: string;
}

/** With the default checkpoint schedule, at most one checkpoint per this many seconds. */
const DEFAULT_CHECKPOINT_SECONDS = 1;

function timestamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** A run's name: the config's `name`, else the config file's base name, else 'run'. */
export function runName(config: TrainConfig, configFile?: string): string {
  return config.name ?? (configFile === undefined ? 'run' : basename(configFile, extname(configFile)));
}

/** A fresh run directory name (`runs/<name>-<time>` under cwd) that does not exist yet. */
export function defaultRunDir(cwd: string, name: string): string {
  const base = join(cwd, 'runs', `${name}-${timestamp()}`);
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  return dir;
}

/** Writes curves.svg from the run log. */
export function writeCurves(runDir: string, title: string): void {
  // NOTE: records superseded by a resume are dropped (see resumed-events.ts).
  const events = resumedEvents(readRunLog(join(runDir, 'metrics.jsonl')).events);
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
  const name = runName(config, options.configFile);
  const exp = inConfigFile(options.configFile, () => buildExperiment(config, options.env ?? {}));
  if (options.initFrom !== undefined) {
    const file = options.initFrom;
    const saved = loadModel(file);
    inConfigFile(options.configFile, () => initFrom(exp, saved, file));
  }
  const runDir = resolve(options.outDir ?? defaultRunDir(options.cwd ?? process.cwd(), name));
  makeRunDir(runDir);
  // The lock comes before looking at the folder's contents: what it holds cannot change under us.
  const lock = acquireDirLock(runDir, 'run directory', 'descent train');
  try {
    removeStaleTempFiles(runDir);
    claimRunDir(runDir, options.overwrite === true);
    atomicWriteFile(join(runDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
    const log = new RunLogWriter(join(runDir, 'metrics.jsonl'));
    log.write(startRecord(name, exp));
    return await runAndFinish({ exp, runDir, name, log, options, started });
  } finally {
    lock.release();
  }
}

/**
 * Continues a run directory written by trainFromConfig from its checkpoint.json, up to the
 * config's epochs. With one thread the final parameters are bitwise those of an uninterrupted
 * run. metrics.jsonl is appended to (a torn last line is left in place and ended), starting with
 * a `start` event carrying `resumedFromEpoch`.
 * @throws DataError naming the file when the run directory, its config, its run log or its
 * checkpoint is missing or damaged, the checkpoint does not fit the config's model or is not at an
 * epoch that the run log recorded, or another process holds the folder's lock; RunFinishedError
 * (a DataError) when the run log already ends the run.
 * @example
 * const summary = await resumeTraining('runs/spiral-20260101-120000');
 * summary.epochs; //=> the config's epochs
 */
export async function resumeTraining(runDir: string, options: ResumeRunOptions = {}): Promise<TrainSummary> {
  const started = Date.now();
  const dir = resolve(runDir);
  const configFile = join(dir, 'config.json');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DataError('not a run directory (no such folder)', { file: dir });
  if (!existsSync(configFile)) throw new DataError('not a run directory: it has no config.json', { file: dir });
  const lock = acquireDirLock(dir, 'run directory', 'descent train --resume');
  try {
    removeStaleTempFiles(dir);
    return await resumeLocked(dir, configFile, options, started);
  } finally {
    lock.release();
  }
}

async function resumeLocked(dir: string, configFile: string, options: ResumeRunOptions, started: number): Promise<TrainSummary> {
  const { config } = loadTrainConfig(configFile);
  const metrics = join(dir, 'metrics.jsonl');
  const events = resumedEvents(readRunLog(metrics).events);
  // Asked before the checkpoint is read: a finished run needs none (--checkpoint-every 0 writes none).
  const last = [...events].reverse().find((e) => e.type === 'start' || e.type === 'end');
  if (last?.type === 'end') {
    const ended = `${last.epochs} of ${config.epochs} epochs`;
    const why = last.status === 'diverged' ? 'diverged' : last.status === 'stopped-by-warning' ? 'stopped by a warning' : 'stopped early';
    const how = last.status === 'finished' ? `finished (${ended})` : `ended (${why} after ${ended})`;
    throw new RunFinishedError(`the run already ${how}; nothing to do`, { file: dir });
  }
  const checkpointFile = join(dir, CHECKPOINT_FILE);
  const state = readCheckpoint(checkpointFile);
  const history = events.filter((e): e is EpochEvent => e.type === 'epoch' && e.epoch <= state.epoch);
  checkCheckpointAgainstLog(checkpointFile, state.epoch, config.epochs, history);
  const exp = inConfigFile(configFile, () => buildExperiment(config, options.env ?? {}));
  const first = events.find((e): e is StartEvent => e.type === 'start');
  const name = first?.name ?? config.name ?? basename(dir);
  endTornLine(metrics);
  const log = new RunLogWriter(metrics);
  log.write({ ...startRecord(name, exp), resumedFromEpoch: state.epoch });
  return runAndFinish({ exp, runDir: dir, name, log, options, started, resume: { state, history, file: checkpointFile } });
}

/**
 * A checkpoint's epoch must be one the run log recorded and the config allows: a checksum proves
 * only that the file was written whole, not that it belongs to this run.
 */
function checkCheckpointAgainstLog(file: string, epoch: number, epochs: number, history: readonly EpochEvent[]): void {
  if (!Number.isInteger(epoch) || epoch < 0 || epoch > epochs) {
    throw new DataError(`epoch: the checkpoint is at epoch ${epoch}, but the run's config trains ${epochs} epochs`, { file });
  }
  const logged = history.length === 0 ? 0 : history[history.length - 1]!.epoch;
  if (epoch !== logged) {
    throw new DataError(
      `epoch: the checkpoint is at epoch ${epoch}, but metrics.jsonl records epoch ${logged} as the last one up to it; ` +
        'the checkpoint does not belong to this run log',
      { file },
    );
  }
}

interface RunParts {
  readonly exp: Experiment;
  readonly runDir: string;
  readonly name: string;
  readonly log: RunLogWriter;
  readonly options: TrainRunOptions;
  readonly started: number;
  readonly resume?: { state: TrainingState; history: EpochEvent[]; file: string };
}

/** Trains (fresh or resumed), then evaluates, saves model.json, ends the log and draws the curves. */
async function runAndFinish(p: RunParts): Promise<TrainSummary> {
  const { exp, runDir, log, options } = p;
  options.callbacks?.onStart?.(exp, runDir);
  const every = options.checkpointEvery ?? 1;
  const minSeconds = options.checkpointEvery === undefined ? DEFAULT_CHECKPOINT_SECONDS : 0;
  const checkpointFile = join(runDir, CHECKPOINT_FILE);
  let result: FitResult;
  try {
    result = await fit({
      ...experimentFitOptions(exp),
      ...(options.callbacks === undefined ? {} : { callbacks: options.callbacks }),
      ...(options.interrupted === undefined ? {} : { interrupted: options.interrupted }),
      ...watchEntry(exp, options.watch),
      ...(every > 0 ? { checkpoint: { every, minSeconds, save: (s: TrainingState) => writeCheckpoint(checkpointFile, s) } } : {}),
      ...(p.resume === undefined ? {} : { resume: p.resume.state, history: p.resume.history }),
      log,
    });
  } catch (error) {
    // A checkpoint that validates but belongs to another model (config.json edited since).
    if (p.resume !== undefined && error instanceof DescentError && !(error instanceof DataError && error.file !== undefined)) {
      throw new DataError(`the checkpoint does not fit the model of config.json: ${error.message}`, { file: p.resume.file });
    }
    throw error;
  }
  const final = {
    train: evaluate(exp.model, exp.train, exp.loss, exp.dtype),
    val: exp.validation === undefined ? undefined : evaluate(exp.model, exp.validation, exp.loss, exp.dtype),
    test: exp.test === undefined ? undefined : evaluate(exp.model, exp.test, exp.loss, exp.dtype),
  };
  saveRunModel(runDir, exp);
  const seconds = (Date.now() - p.started) / 1000;
  log.write({
    type: 'end', status: result.status, epochs: result.epochs, seconds,
    ...(result.bestEpoch === undefined ? {} : { bestEpoch: result.bestEpoch }),
    ...(result.message === undefined ? {} : { message: result.message }),
    ...(final.test === undefined ? {} : { testLoss: final.test.loss }),
    ...(final.test?.accuracy === undefined ? {} : { testAccuracy: final.test.accuracy }),
  });
  log.flush();
  writeCurves(runDir, p.name);
  return {
    status: result.status, epochs: result.epochs, seconds, runDir,
    trainLoss: final.train.loss,
    ...(final.train.accuracy === undefined ? {} : { trainAccuracy: final.train.accuracy }),
    valLoss: final.val?.loss ?? null,
    valAccuracy: final.val?.accuracy ?? null,
    ...(final.test === undefined ? {} : { testLoss: final.test.loss }),
    ...(final.test?.accuracy === undefined ? {} : { testAccuracy: final.test.accuracy }),
    ...(result.bestEpoch === undefined ? {} : { bestEpoch: result.bestEpoch }),
    ...(result.message === undefined ? {} : { message: result.message }),
  };
}

/** Saves model.json: architecture, values, and what predict needs (preprocessing, loss, classes, input scale). */
function saveRunModel(runDir: string, exp: Experiment): void {
  atomicWriteFile(join(runDir, 'model.json'), serializeModel(experimentModelRecord(exp)));
}
