// `descent train CONFIG.json [--out DIR] [--checkpoint-every N] [--dashboard] [--json] [--quiet] [--strict]`
// and `descent train --resume RUN_DIR`: a thin shell over trainFromConfig and resumeTraining.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Experiment } from '../../config/build.js';
import { dataNotices } from '../../config/data-notices.js';
import { makeRunDir } from '../../config/node/run-dir.js';
import { maxAbsFeature } from '../../data/feature-range.js';
import {
  defaultRunDir, resumeTraining, runName, type TrainRunOptions, type TrainSummary, trainFromConfig,
} from '../../config/node/train-run.js';
import { defaultBackend } from '../../context.js';
import { boolFlag, intFlag, type ParsedArgs, parseCommandArgs, stringFlag, UsageError } from '../args.js';
import { describeBackendInUse } from '../backend-choice.js';
import { type DashboardChild, startDashboardChild } from '../dashboard-child.js';
import type { Command } from '../command.js';
import { InterruptedError, RunFinishedError } from '../../errors.js';
import { EXIT, type IO } from '../io.js';
import { loadTrainConfigWithOverrides, parseOverride } from '../set-overrides.js';
import { plainProgress, type ProgressReporter, terminalProgress } from '../progress.js';
import { figureNotes, type FigureNotes, type LastEpochFigures, lastEpochFigures } from '../train-figures.js';
import type { WarningEvent } from '../../train/run-log.js';

const pct = (v: number | undefined) => (v === undefined ? undefined : `${(100 * v).toFixed(2)}%`);

const STATUS_WORDS: Record<TrainSummary['status'], string> = {
  finished: 'Finished', 'stopped-early': 'Stopped early', aborted: 'Aborted', diverged: 'Diverged', 'stopped-by-warning': 'Stopped by a warning (--strict)',
};

const why = (note: string | undefined) => (note === undefined ? '' : ` (${note})`);

function describe(s: TrainSummary, notes: FigureNotes): string {
  const lines = [
    `${STATUS_WORDS[s.status]} after ${s.epochs} epochs in ${s.seconds.toFixed(1)} s.`,
    `  train loss ${s.trainLoss.toFixed(4)}${s.trainAccuracy === undefined ? '' : `, accuracy ${pct(s.trainAccuracy)}`}${why(notes.train)}`,
    s.valLoss === null ? '' : `  validation loss ${s.valLoss.toFixed(4)}${s.valAccuracy === null ? '' : `, accuracy ${pct(s.valAccuracy)}`}${why(notes.validation)}`,
    s.testLoss === undefined ? '' : `  test loss ${s.testLoss.toFixed(4)}${s.testAccuracy === undefined ? '' : `, accuracy ${pct(s.testAccuracy)}`}`,
    s.bestEpoch === undefined ? '' : `  the model holds the weights of epoch ${s.bestEpoch}, the best by the early-stopping metric`,
    `  run directory: ${s.runDir} (model.json, metrics.jsonl, curves.svg)`,
  ];
  return `${lines.filter((l) => l !== '').join('\n')}\n`;
}

/** Past this feature magnitude an unpreprocessed input usually needs standardizing (pixels 0..255). */
const LARGE_INPUT = 10;

/** A warning for raw inputs of large magnitude with no preprocessing configured (brain.js's trap). */
function magnitudeWarning(exp: Experiment): string | undefined {
  if ((exp.config.data.preprocess?.length ?? 0) > 0) return undefined;
  const max = maxAbsFeature(exp.train.ds);
  if (max <= LARGE_INPUT) return undefined;
  return `the input features reach |x| = ${max} and no preprocessing is configured; training may diverge or stall: add "preprocess": ["standardize"] to the data section`;
}

/**
 * Starts the dashboard over the run directory: a new run's is created now, so that it can be
 * watched from the start; a resumed run's must exist already (resumeTraining says so otherwise).
 */
async function besideRun(runDir: string, fresh: boolean, parsed: ParsedArgs, io: IO): Promise<DashboardChild | undefined> {
  if (fresh) makeRunDir(runDir);
  else if (!existsSync(runDir)) return undefined;
  const child = startDashboardChild([runDir], intFlag(parsed, 'port', 'train', 0) ?? 8321);
  try {
    io.err(`Dashboard: ${await child.url}\n`);
    return child;
  } catch (error) {
    io.err(`descent: warning: the dashboard did not start (${error instanceof Error ? error.message : String(error)}); training goes on\n`);
    return undefined;
  }
}

/** On a terminal the dashboard stays up for a look at the finished run; in a script it stops. */
async function afterRun(child: DashboardChild, io: IO): Promise<void> {
  if (io.isTTY) {
    io.err(`The dashboard stays at ${await child.url} until you press Ctrl-C.\n`);
    await new Promise<void>((done) => process.once('SIGINT', () => done()));
  }
  await child.stop();
}

/**
 * SIGINT and SIGTERM during training: the first asks fit to stop at the epoch end with a checkpoint;
 * a second one stops at once (the checkpoint of an earlier epoch is on disk).
 */
function interruptOnSignals(): { readonly received: NodeJS.Signals | undefined; dispose(): void } {
  const state: { received: NodeJS.Signals | undefined; dispose(): void } = {
    received: undefined,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
  function onSignal(signal: NodeJS.Signals): void {
    if (state.received !== undefined) process.exit(signal === 'SIGINT' ? EXIT.sigint : EXIT.sigterm);
    state.received = signal;
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return state;
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a model from a JSON config; writes a run directory with the model and curves',
  usage:
    'descent train CONFIG.json [--set FIELD=VALUE ...] [--init-from MODEL.json] [--out DIR [--overwrite]] [--checkpoint-every N] [--dashboard [--port N]] [--json] [--quiet] [--strict | --no-watch]\n' +
    '       descent train --resume RUN_DIR [--checkpoint-every N] [--dashboard [--port N]] [--json] [--quiet] [--strict | --no-watch]\n' +
    '  Warnings of the notes\' symptoms (learning rate, initial loss, dead units, overfitting) are printed\n' +
    '  as they appear; --strict stops the run at the end of the epoch of the first one and exits 3;\n' +
    '  --no-watch turns the checks off. --init-from starts from a saved or imported model\'s weights\n' +
    '  (its layers must be the config\'s).',
  async run(args: readonly string[], io: IO): Promise<number> {
    const parsed = parseCommandArgs('train', args, {
      out: { type: 'string' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean' },
      resume: { type: 'string' },
      'checkpoint-every': { type: 'string' },
      dashboard: { type: 'boolean' },
      port: { type: 'string' },
      overwrite: { type: 'boolean' },
      strict: { type: 'boolean' },
      'no-watch': { type: 'boolean' },
      set: { type: 'string', multiple: true },
      'init-from': { type: 'string' },
    }, { min: 0, max: 1, names: 'the config file (descent train CONFIG.json)' });
    const resume = stringFlag(parsed, 'resume');
    const json = boolFlag(parsed, 'json');
    const quiet = boolFlag(parsed, 'quiet');
    const out = stringFlag(parsed, 'out');
    const every = intFlag(parsed, 'checkpoint-every', 'train', 0);
    if (resume !== undefined && parsed.positionals.length > 0) {
      throw new UsageError('train: give either a config file or --resume RUN_DIR, not both (a resumed run uses its own config.json)');
    }
    if (resume !== undefined && out !== undefined) throw new UsageError('train: --out does not apply to --resume (the run continues in RUN_DIR)');
    if (resume === undefined && parsed.positionals.length === 0) throw new UsageError('train: missing the config file (descent train CONFIG.json)');
    if (stringFlag(parsed, 'port') !== undefined && !boolFlag(parsed, 'dashboard')) {
      throw new UsageError('train: --port needs --dashboard (it is the dashboard\'s port)');
    }
    const sets = parsed.values['set'];
    const overrides = (Array.isArray(sets) ? sets : []).map((s) => parseOverride(String(s)));
    if (overrides.length > 0 && resume !== undefined) throw new UsageError('train: --set does not apply to --resume (a resumed run keeps its own config.json)');
    if (boolFlag(parsed, 'strict') && boolFlag(parsed, 'no-watch')) throw new UsageError('train: --strict needs the watch that --no-watch turns off (give one of them)');
    const initFromArg = stringFlag(parsed, 'init-from');
    if (initFromArg !== undefined && resume !== undefined) throw new UsageError('train: --init-from does not apply to --resume (a resumed run continues from its checkpoint)');
    const overwrite = boolFlag(parsed, 'overwrite');
    if (overwrite && resume !== undefined) throw new UsageError('train: --overwrite does not apply to --resume (it would erase the run being resumed)');
    let progress: ProgressReporter | undefined;
    let lastEpoch: LastEpochFigures | undefined;
    const warnings: WarningEvent[] = [];
    const silent = json || quiet;
    const env = io.env.DESCENT_DATA === undefined ? {} : { dataDir: io.env.DESCENT_DATA };
    const options: TrainRunOptions = {
      cwd: io.cwd, env, ...(overwrite ? { overwrite } : {}),
      ...(initFromArg === undefined ? {} : { initFrom: resolve(io.cwd, initFromArg) }),
      interrupted: () => signals.received !== undefined,
      watch: boolFlag(parsed, 'no-watch') ? false : { strict: boolFlag(parsed, 'strict') },
      ...(every === undefined ? {} : { checkpointEvery: every }),
      callbacks: {
        onStart: (exp, runDir) => {
          startedIn = runDir;
          const warning = magnitudeWarning(exp);
          if (warning !== undefined) io.err(`descent: warning: ${warning}\n`);
          for (const line of dataNotices(exp)) io.err(`descent: ${line}\n`);
          if (silent) return;
          const verb = resume === undefined ? 'Training' : 'Resuming';
          io.out(`${verb} ${exp.model.parameterCount()} parameters on ${exp.train.ds.n} examples (${exp.train.ds.source}) on ${describeBackendInUse(defaultBackend())}; run directory ${runDir}\n`);
          const steps = Math.ceil(exp.train.ds.n / exp.batchSize);
          const epochs = exp.config.epochs;
          progress = io.isTTY ? terminalProgress(process.stderr, epochs, steps) : plainProgress(io.out, epochs);
        },
        onIteration: (e) => progress?.onIteration(e),
        onEpoch: (e) => {
          lastEpoch = lastEpochFigures(e);
          progress?.onEpoch(e);
        },
        onWarning: (w) => {
          warnings.push(w);
          // On a terminal the line starts below the progress bar's.
          io.err(`${io.isTTY ? '\n' : ''}descent: warning: ${w.message}\n`);
        },
      },
    };
    let summary: TrainSummary;
    let dashboard: DashboardChild | undefined;
    const signals = interruptOnSignals();
    let startedIn: string | undefined;
    try {
      if (resume !== undefined) {
        const runDir = resolve(io.cwd, resume);
        if (boolFlag(parsed, 'dashboard')) dashboard = await besideRun(runDir, false, parsed, io);
        summary = await resumeTraining(runDir, options);
      } else {
        const file = resolve(io.cwd, parsed.positionals[0]!);
        const config = loadTrainConfigWithOverrides(file, overrides);
        const outDir = out === undefined ? defaultRunDir(io.cwd, runName(config, file)) : resolve(io.cwd, out);
        if (boolFlag(parsed, 'dashboard')) dashboard = await besideRun(outDir, true, parsed, io);
        summary = await trainFromConfig(config, { ...options, configFile: file, outDir });
      }
    } catch (error) {
      // A refused, failed or interrupted run must not leave its dashboard serving.
      progress?.stop();
      await dashboard?.stop();
      if (error instanceof RunFinishedError) {
        // Not a mistake: the run is complete, and saying so is the whole answer.
        io.out(`${error.message}\n`);
        return EXIT.ok;
      }
      if (error instanceof InterruptedError && signals.received !== undefined) {
        const next = error.checkpointed
          ? `continue with descent train --resume ${startedIn ?? 'RUN_DIR'}`
          : 'it wrote no checkpoint (--checkpoint-every 0), so it cannot be resumed';
        io.err(`descent: ${error.message}; ${next}\n`);
        return signals.received === 'SIGINT' ? EXIT.sigint : EXIT.sigterm;
      }
      throw error;
    } finally {
      signals.dispose();
    }
    progress?.stop();
    if (dashboard !== undefined) await afterRun(dashboard, io);
    const notes = figureNotes(summary, lastEpoch);
    if (json) {
      const record = {
        ...summary, backend: describeBackendInUse(defaultBackend()),
        ...(lastEpoch === undefined ? {} : { lastEpoch }),
        ...(Object.keys(notes).length === 0 ? {} : { notes }),
        // As the run log records them, without the record's `type`.
        warnings: warnings.map(({ type: _type, ...w }) => w),
      };
      io.out(`${JSON.stringify(record)}\n`);
    } else if (!quiet) io.out(describe(summary, notes));
    if (summary.status === 'diverged') {
      io.err(`descent: training diverged: ${summary.message ?? ''}\n`);
      return EXIT.diverged;
    }
    if (summary.status === 'stopped-by-warning') {
      io.err(`descent: error: ${summary.message ?? ''}\n`);
      return EXIT.diverged;
    }
    return EXIT.ok;
  },
};
