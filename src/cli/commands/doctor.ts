// `descent doctor CONFIG.json [--json] [--out FILE]` and `descent doctor --run RUN_DIR`: a thin
// shell that builds the experiment from the config (the doctor library sits below config/) and
// prints the doctor's checks as a table or JSON.
import { join, resolve } from 'node:path';
import { experimentDoctorInput } from '../../config/doctor-input.js';
import { buildExperiment } from '../../config/node/build-experiment.js';
import { loadTrainConfig } from '../../config/node/load-config-file.js';
import type { TrainConfig } from '../../config/schema.js';
import { type CheckResult } from '../../doctor/check-result.js';
import { doctorReport, type DoctorReport, runDoctor } from '../../doctor/doctor.js';
import type { DoctorInput } from '../../doctor/doctor-input.js';
import { diagnoseRun } from '../../doctor/run-diagnosis.js';
import { DataError } from '../../errors.js';
import { atomicWriteFile } from '../../train/node/atomic-write.js';
import { resumedEvents } from '../../train/resumed-events.js';
import { readRunLog } from '../../train/node/run-log-file.js';
import { boolFlag, parseCommandArgs, stringFlag, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, type IO } from '../io.js';

/**
 * The doctor's input for a validated config: the experiment's data, loss and optimizer, and a
 * factory for the model with the same initial weights `descent train` would draw.
 * @example doctorInputFromConfig(loadTrainConfig('examples/digits.json').config).batchSize; //=> 64
 */
export function doctorInputFromConfig(config: TrainConfig, env: Readonly<Record<string, string | undefined>> = {}): DoctorInput {
  return experimentDoctorInput(config, buildExperiment(config, env.DESCENT_DATA === undefined ? {} : { dataDir: env.DESCENT_DATA }));
}

const MARK: Record<CheckResult['status'], string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

/** The report as text: one block per check. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines = report.checks.map((c) => `${MARK[c.status]}  ${c.name}: ${c.value}\n      expected ${c.expected}; ${c.hint}`);
  const counts = (s: CheckResult['status']) => report.checks.filter((c) => c.status === s).length;
  lines.push(`\n${counts('pass')} passed, ${counts('warn')} warnings, ${counts('fail')} failed`);
  return `${lines.join('\n')}\n`;
}

/** The JSON form: `{"checks": [{"name", "status", "value", "expected", "hint"}]}`. */
export function doctorJson(report: DoctorReport): string {
  return `${JSON.stringify({ checks: report.checks }, null, 2)}\n`;
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check a config (data, init, gradients, learning rate...) or diagnose a finished run',
  usage: 'descent doctor CONFIG.json [--json] [--out FILE] | descent doctor --run RUN_DIR [--json] [--out FILE]',
  async run(args: readonly string[], io: IO): Promise<number> {
    const parsed = parseCommandArgs('doctor', args, {
      run: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
    }, { min: 0, max: 1, names: 'the config file (descent doctor CONFIG.json) or --run RUN_DIR' });
    const runDir = stringFlag(parsed, 'run');
    const json = boolFlag(parsed, 'json');
    const out = stringFlag(parsed, 'out');
    const file = parsed.positionals[0];
    if ((runDir === undefined) === (file === undefined)) {
      throw new UsageError('doctor: give either a config file or --run RUN_DIR (not both)');
    }
    let report: DoctorReport;
    if (runDir !== undefined) {
      const logFile = join(resolve(io.cwd, runDir), 'metrics.jsonl');
      const log = readRunLog(logFile);
      if (log.events.length === 0) throw new DataError("no run log events (is this a run directory written by descent train?)", { file: logFile });
      // A resumed run's log still holds the records its resume superseded: read the run as it went.
      report = doctorReport(diagnoseRun(resumedEvents(log.events)));
    } else {
      const { config } = loadTrainConfig(resolve(io.cwd, file!));
      report = runDoctor(doctorInputFromConfig(config, io.env));
    }
    if (out !== undefined) atomicWriteFile(resolve(io.cwd, out), doctorJson(report));
    io.out(json ? doctorJson(report) : formatDoctorReport(report));
    return report.passed ? EXIT.ok : EXIT.failure;
  },
};
