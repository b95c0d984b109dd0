// `descent predict MODEL INPUT [--label NAME] [--labels FILE] [--scale] [--json]`: a thin shell over
// predictFile. Predictions go to stdout one per line (a class's name when the model has names); the accuracy line goes to stderr so that
// stdout stays one value per row (with --json everything is one object on stdout).
import { resolve } from 'node:path';
import { type PredictResult } from '../../config/predict.js';
import { predictFile } from '../../config/node/predict-file.js';
import { boolFlag, parseCommandArgs, stringFlag, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, type IO } from '../io.js';

function lineOf(p: number | number[], names: readonly string[] | undefined): string {
  if (Array.isArray(p)) return p.join(',');
  return names === undefined ? String(p) : (names[p] ?? String(p));
}

/**
 * The --json object: predictions (class indices or values), n, and accuracy (or mse) when the input
 * had targets; for a model with class names also the name of each prediction and the names in class order.
 */
function jsonOf(r: PredictResult): Record<string, unknown> {
  const names = r.classNames;
  return {
    predictions: r.predictions,
    ...(names === undefined ? {} : { names: r.predictions.map((p) => (typeof p === 'number' ? names[p] : undefined)), classNames: names }),
    ...(r.accuracy === undefined ? {} : { accuracy: r.accuracy }),
    ...(r.mse === undefined ? {} : { mse: r.mse }),
    ...(r.warnings === undefined ? {} : { warnings: r.warnings }),
    n: r.n,
  };
}

export const predictCommand: Command = {
  name: 'predict',
  summary: 'predict with a trained model (model.json) on a CSV or IDX file; accuracy when labelled',
  usage: 'descent predict MODEL.json INPUT.(csv|idx) [--label NAME] [--labels FILE] [--scale] [--json]',
  async run(args: readonly string[], io: IO): Promise<number> {
    const parsed = parseCommandArgs('predict', args, {
      label: { type: 'string' },
      labels: { type: 'string' },
      scale: { type: 'boolean' },
      json: { type: 'boolean' },
    }, { min: 2, max: 2, names: 'the model file and the input file (descent predict MODEL.json INPUT.csv)' });
    const [modelArg, inputArg] = parsed.positionals as [string, string];
    const label = stringFlag(parsed, 'label');
    const labels = stringFlag(parsed, 'labels');
    if (label !== undefined && labels !== undefined) {
      throw new UsageError('predict: --label (a CSV column) and --labels (an IDX labels file) do not go together');
    }
    const result = predictFile(resolve(io.cwd, modelArg), resolve(io.cwd, inputArg), {
      ...(label === undefined ? {} : { label }),
      ...(labels === undefined ? {} : { labels: resolve(io.cwd, labels) }),
      ...(boolFlag(parsed, 'scale') ? { scale: true } : {}),
    });
    // On stderr, so that stdout stays one prediction per row (or one JSON object, which has them too).
    for (const w of result.warnings ?? []) io.err(`warning: ${w}\n`);
    if (boolFlag(parsed, 'json')) {
      io.out(`${JSON.stringify(jsonOf(result))}\n`);
      return EXIT.ok;
    }
    io.out(result.predictions.map((p) => `${lineOf(p, result.classNames)}\n`).join(''));
    if (result.accuracy !== undefined) {
      io.err(`accuracy ${(100 * result.accuracy).toFixed(2)}% (${result.correct ?? 0}/${result.n})\n`);
    }
    if (result.mse !== undefined) io.err(`mean squared error ${result.mse.toPrecision(6)} over ${result.n} rows\n`);
    return EXIT.ok;
  },
};
