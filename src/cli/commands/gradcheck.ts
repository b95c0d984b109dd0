// `descent gradcheck CONFIG.json [--samples N] [--burn-in N] [--coordinates N] [--json]`: the
// config's model in float64 on a few training examples, every parameter tensor gradient-checked.
import { resolve } from 'node:path';
import { loadTrainConfig } from '../../config/node/load-config-file.js';
import { fmt } from '../../doctor/check-result.js';
import { gradcheckModel, type ModelGradcheckReport } from '../../doctor/gradcheck-model.js';
import { boolFlag, intFlag, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, type IO } from '../io.js';
import { doctorInputFromConfig } from './doctor.js';

/** The report as a table: parameter, coordinates checked, max relative error, verdict, kinks. */
export function formatGradcheck(report: ModelGradcheckReport): string {
  const rows = report.parameters.map((p) => [
    p.name, String(p.checked), fmt(p.maxRelativeError),
    `${p.passed ? 'pass' : 'FAIL'} (${p.verdict}${p.retries.length > 0 ? `; h=${p.h}${p.passed ? ' held' : ' none held'}` : ''})`,
    String(p.kinks),
  ]);
  const header = ['parameter', 'checked', 'max rel. error', 'verdict', 'kinks skipped'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  // gradcheck says why a verdict is inconclusive: gradients within roundoff of 0, or every step a kink.
  const warnings = report.parameters.flatMap((p) => p.warnings.map((w) => `warning: ${p.name}, ${w}`));
  return [
    `Gradient check on ${report.examples} training examples (float64, dropout and regularization off; regularization checked alone):`,
    line(header), ...rows.map(line), ...warnings,
    report.passed ? 'All parameters pass.' : 'Some parameters FAIL: analytic and numerical gradients disagree.',
  ].filter((l) => l !== '').join('\n') + '\n';
}

export const gradcheckCommand: Command = {
  name: 'gradcheck',
  summary: "compare a config's analytic gradients with centered differences, per parameter tensor",
  usage: 'descent gradcheck CONFIG.json [--samples N] [--burn-in N] [--coordinates N] [--json]',
  async run(args: readonly string[], io: IO): Promise<number> {
    const parsed = parseCommandArgs('gradcheck', args, {
      samples: { type: 'string' },
      'burn-in': { type: 'string' },
      coordinates: { type: 'string' },
      json: { type: 'boolean' },
    }, { min: 1, max: 1, names: 'the config file (descent gradcheck CONFIG.json)' });
    const examples = intFlag(parsed, 'samples', 'gradcheck', 1);
    const burnIn = intFlag(parsed, 'burn-in', 'gradcheck', 0);
    const coordinates = intFlag(parsed, 'coordinates', 'gradcheck', 1);
    const { config } = loadTrainConfig(resolve(io.cwd, parsed.positionals[0]!));
    const report = gradcheckModel(doctorInputFromConfig(config, io.env), {
      ...(examples === undefined ? {} : { examples }),
      ...(burnIn === undefined ? {} : { burnIn }),
      ...(coordinates === undefined ? {} : { coordinates }),
    });
    if (boolFlag(parsed, 'json')) {
      const parameters = report.parameters.map((p) => ({ name: p.name, checked: p.checked, maxRelativeError: p.maxRelativeError, kinks: p.kinks }));
      io.out(`${JSON.stringify({ passed: report.passed, parameters })}\n`);
    } else {
      io.out(formatGradcheck(report));
    }
    return report.passed ? EXIT.ok : EXIT.failure;
  },
};
