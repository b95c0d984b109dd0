// `descent train CONFIG.json [--out DIR] [--json] [--quiet]`: a thin shell over trainFromConfig.
import { resolve } from 'node:path';
import { loadTrainConfig } from '../../config/load-config.js';
import { type TrainSummary, trainFromConfig } from '../../config/train-run.js';
import { boolFlag, parseCommandArgs, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, type IO } from '../io.js';
import { plainProgress, type ProgressReporter, terminalProgress } from '../progress.js';

const pct = (v: number | undefined) => (v === undefined ? undefined : `${(100 * v).toFixed(2)}%`);

function describe(s: TrainSummary): string {
  const lines = [
    `${s.status === 'finished' ? 'Finished' : s.status === 'stopped-early' ? 'Stopped early' : 'Diverged'} after ${s.epochs} epochs in ${s.seconds.toFixed(1)} s.`,
    `  train loss ${s.trainLoss.toFixed(4)}${s.trainAccuracy === undefined ? '' : `, accuracy ${pct(s.trainAccuracy)}`}`,
    s.valLoss === undefined ? '' : `  validation loss ${s.valLoss.toFixed(4)}${s.valAccuracy === undefined ? '' : `, accuracy ${pct(s.valAccuracy)}`}`,
    s.testLoss === undefined ? '' : `  test loss ${s.testLoss.toFixed(4)}${s.testAccuracy === undefined ? '' : `, accuracy ${pct(s.testAccuracy)}`}`,
    s.bestEpoch === undefined ? '' : `  weights of epoch ${s.bestEpoch} (best ${'validation'})`,
    `  run directory: ${s.runDir} (model.json, metrics.jsonl, curves.svg)`,
  ];
  return `${lines.filter((l) => l !== '').join('\n')}\n`;
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a model from a JSON config; writes a run directory with the model and curves',
  usage: 'descent train CONFIG.json [--out DIR] [--json] [--quiet]',
  async run(args: readonly string[], io: IO): Promise<number> {
    const parsed = parseCommandArgs('train', args, {
      out: { type: 'string' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean' },
    }, { min: 1, max: 1, names: 'the config file (descent train CONFIG.json)' });
    const file = resolve(io.cwd, parsed.positionals[0]!);
    const json = boolFlag(parsed, 'json');
    const quiet = boolFlag(parsed, 'quiet');
    const out = stringFlag(parsed, 'out');
    const { config } = loadTrainConfig(file);
    let progress: ProgressReporter | undefined;
    const silent = json || quiet;
    const env = io.env.DESCENT_DATA === undefined ? {} : { dataDir: io.env.DESCENT_DATA };
    const summary = await trainFromConfig(config, {
      configFile: file, cwd: io.cwd, env,
      ...(out === undefined ? {} : { outDir: resolve(io.cwd, out) }),
      callbacks: {
        onStart: (exp, runDir) => {
          if (silent) return;
          io.out(`Training ${exp.model.parameterCount()} parameters on ${exp.train.ds.n} examples (${exp.train.ds.source}); run directory ${runDir}\n`);
          const steps = Math.ceil(exp.train.ds.n / exp.batchSize);
          progress = io.isTTY ? terminalProgress(process.stderr, config.epochs, steps) : plainProgress(io.out, config.epochs);
        },
        onIteration: (e) => progress?.onIteration(e),
        onEpoch: (e) => progress?.onEpoch(e),
      },
    });
    progress?.stop();
    if (json) io.out(`${JSON.stringify(summary)}\n`);
    else if (!quiet) io.out(describe(summary));
    if (summary.status === 'diverged') {
      io.err(`descent: training diverged: ${summary.message ?? ''}\n`);
      return EXIT.diverged;
    }
    return EXIT.ok;
  },
};
