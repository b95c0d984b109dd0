// `descent search SPEC.json [--trials N] [--parallel K] [--storage FILE|URL] [--study NAME] [--out DIR] [--status] [--json]`:
// a thin shell over loadSearchSpec + searchFromSpec that prints progress, a leaderboard and warnings
// (with --status, only where the study stands: search-status.ts).
import { availableParallelism } from 'node:os';
import { relative, resolve } from 'node:path';
import type { Backend } from '../../backend/backend.js';
import { isNativeBackend } from '../../backend/native/index.js';
import { searchFromSpec, searchPaths, type SearchRunSummary } from '../../config/node/search-run.js';
import { openStorage, storageLocation } from '../../search/node/storage/open-storage.js';
import { isPostgresUrl, parsePostgresUrl } from '../../search/node/storage/postgres-url.js';
import { defaultBackend } from '../../context.js';
import { loadSearchSpec, type SearchSpec } from '../../config/node/search-spec.js';
import type { SearchProgress } from '../../search/node/search.js';
import { score, type TrialRecord } from '../../search/trial.js';
import { boolFlag, intFlag, parseCommandArgs, stringFlag, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { printStudyStatus } from './search-status.js';
import { EXIT, type IO } from '../io.js';

const LEADERBOARD = 10;

/** A number for a person: integers as they are, others with 4 significant digits. */
function num(v: number | null): string {
  if (v === null) return '-';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5
    ? String(Number(v.toPrecision(4)))
    : v.toExponential(2);
}

function paramsText(params: TrialRecord['params']): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? num(v) : JSON.stringify(v)}`)
    .join(' ');
}

function firstLine(text: string | null): string {
  return (text ?? '').split('\n')[0] ?? '';
}

function progressLine(spec: SearchSpec, t: TrialRecord, p: SearchProgress): string {
  const width = String(p.total).length;
  const what =
    t.state === 'failed'
      ? `failed: ${firstLine(t.error)}`
      : `${t.state.padEnd(8)} ${spec.metric} ${num(t.value)}`;
  const best = p.best === null ? 'best -' : `best ${num(p.best.value)} (trial ${p.best.number})`;
  return `trial ${String(t.number).padStart(width)}  ${what}  ${best}  [${p.finished}/${p.total} finished]\n`;
}

function leaderboard(spec: SearchSpec, trials: readonly TrialRecord[]): string {
  const ranked = trials
    .filter((t) => t.state === 'complete')
    .sort(
      (a, b) =>
        score(a.value, spec.direction) - score(b.value, spec.direction) || a.number - b.number,
    )
    .slice(0, LEADERBOARD);
  if (ranked.length === 0) return 'No trial completed.\n';
  const lines = ranked.map(
    (t, i) =>
      `${String(i + 1).padStart(3)}  ${String(t.number).padStart(5)}  ${num(t.value).padStart(10)}  ${paramsText(t.params)}`,
  );
  return (
    `\nLeaderboard (${spec.metric}, ${spec.direction === 'maximize' ? 'higher' : 'lower'} is better):\n` +
    `  #  trial  ${'value'.padStart(10)}  params\n${lines.join('\n')}\n`
  );
}

function jsonSummary(s: SearchRunSummary): unknown {
  const { result } = s;
  return {
    best:
      result.best === null
        ? null
        : { params: result.best.params, value: result.best.value, trial: result.best.number },
    trials: result.trials.map((t) => ({
      number: t.number,
      state: t.state,
      params: t.params,
      value: t.value,
      ...(t.error === null ? {} : { error: t.error }),
      ...(typeof t.attrs.epochs === 'number' ? { epochs: t.attrs.epochs } : {}),
    })),
    finished: result.finished,
    failed: result.failed,
    status: result.status,
    warnings: s.warnings.map((w) => w.message),
    files: { best: s.bestFile, chart: s.chartFile, storage: s.storage },
  };
}

function describeEnd(s: SearchRunSummary, io: IO): void {
  const rel = (f: string) => {
    if (isPostgresUrl(f)) return f;
    const r = relative(io.cwd, f);
    return r === '' || r.startsWith('..') ? f : r;
  };
  const { result } = s;
  io.out(
    `${result.finished} trials finished (${result.failed} failed) in study ${rel(s.storage)}\n`,
  );
  if (result.best !== null)
    io.out(
      `Best: trial ${result.best.number}, ${num(result.best.value)}: ${paramsText(result.best.params)}\n`,
    );
  io.out(`Wrote ${s.bestFile === null ? '' : `${rel(s.bestFile)} and `}${rel(s.chartFile)}\n`);
}

/**
 * The `descent search` command.
 * @example await searchCommand.run(['examples/search-digits.json', '--trials', '12'], processIO);
 */
export const searchCommand: Command = {
  name: 'search',
  summary: 'hyperparameter search over a training config; writes best.json and search.svg',
  usage:
    'descent search SPEC.json [--trials N] [--parallel K] [--storage FILE|postgresql://USER@HOST:PORT/DB] [--study NAME] [--out DIR] [--retries N] [--allow-changed-base] [--status] [--json]',
  async run(args: readonly string[], io: IO): Promise<number> {
    const parsed = parseCommandArgs(
      'search',
      args,
      {
        trials: { type: 'string' },
        parallel: { type: 'string' },
        storage: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        'allow-changed-base': { type: 'boolean' },
        status: { type: 'boolean' },
        retries: { type: 'string' },
        study: { type: 'string' },
      },
      { min: 1, max: 1, names: 'the search spec (descent search SPEC.json)' },
    );
    const json = boolFlag(parsed, 'json');
    const trials = intFlag(parsed, 'trials', 'search', 1);
    const parallel = intFlag(parsed, 'parallel', 'search', 1) ?? availableParallelism();
    const retries = intFlag(parsed, 'retries', 'search', 0);
    const storage = stringFlag(parsed, 'storage');
    // A malformed URL is reported against the flag before anything is loaded or started.
    if (storage !== undefined && isPostgresUrl(storage)) parsePostgresUrl(storage, io.env, '--storage');
    const out = stringFlag(parsed, 'out');
    const study = stringFlag(parsed, 'study');
    if (study !== undefined && study.trim() === '') throw new UsageError('search: --study needs a name (the study\'s name in its storage)');
    const spec = loadSearchSpec(
      resolve(io.cwd, parsed.positionals[0]!),
      { ...(trials === undefined ? {} : { trials }), ...(study === undefined ? {} : { name: study }) },
    );
    const studyFile = storage === undefined ? searchPaths(spec).storage : storageLocation(storage, io.cwd);
    if (boolFlag(parsed, 'status')) return printStudyStatus(spec, studyFile, json, io);
    if (!json) {
      const fields = Object.keys(spec.space).length;
      const goal = `${spec.direction === 'maximize' ? 'highest' : 'lowest'} ${spec.metric}`;
      io.out(
        `Searching ${spec.budget} trials over ${fields} field${fields === 1 ? '' : 's'} of ` +
          `${relative(io.cwd, spec.baseFile)} for the ${goal}, ${parallel} at a time\n`,
      );
    }
    const env = io.env.DESCENT_DATA === undefined ? {} : { dataDir: io.env.DESCENT_DATA };
    const stopOnSignal = (signal: NodeJS.Signals) => void interrupted(signal, spec.name, studyFile, io);
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
    const summary = await searchFromSpec(spec, {
      parallel,
      env,
      backend: workerBackend(defaultBackend()),
      ...(storage === undefined ? {} : { storage: studyFile }),
      ...(out === undefined ? {} : { outDir: resolve(io.cwd, out) }),
      ...(boolFlag(parsed, 'allow-changed-base') ? { allowChangedBase: true } : {}),
      ...(retries === undefined ? {} : { retries }),
      ...(json
        ? {}
        : {
            onTrialComplete: (t: TrialRecord, p: SearchProgress) =>
              io.out(progressLine(spec, t, p)),
          }),
    });
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    for (const w of summary.warnings) io.err(`descent: warning: ${w.message}\n`);
    if (json) io.out(`${JSON.stringify(jsonSummary(summary))}\n`);
    else {
      io.out(leaderboard(spec, summary.result.trials));
      describeEnd(summary, io);
    }
    return endStatus(summary, io);
  },
};

/**
 * SIGINT or SIGTERM: this process's running trials are marked failed ("interrupted"), so that the
 * study does not wait out their heartbeat before another run retries them; then it exits 130/143.
 * Exiting closes the workers' channels, and they leave quietly.
 */
async function interrupted(signal: NodeJS.Signals, study: string, file: string, io: IO): Promise<void> {
  let failed: number[] = [];
  try {
    const storage = openStorage(file);
    try {
      failed = await storage.failTrials(study, (t) => (t.owner?.pid === process.pid ? `interrupted by ${signal}` : null));
    } finally {
      await storage.close();
    }
  } catch {
    // The study file could not be written now; the heartbeat rule frees those trials later.
  }
  io.err(`descent: search interrupted by ${signal}; ${failed.length} running trial(s) marked failed; run the same command again to continue the study\n`);
  process.exit(signal === 'SIGINT' ? EXIT.sigint : EXIT.sigterm);
}

function endStatus(s: SearchRunSummary, io: IO): number {
  const failed = s.result.trials.filter((t) => t.state === 'failed');
  if (s.result.status === 'tooManyFailures') {
    io.err(
      `descent: search stopped: ${failed.length} trials failed; the first error: ${firstLine(failed[0]?.error ?? null)}\n`,
    );
    return EXIT.failure;
  }
  if (s.result.best === null) {
    io.err('descent: no trial completed, so there is no best config (all were pruned or failed)\n');
    return EXIT.failure;
  }
  return EXIT.ok;
}

/**
 * The backend of the search's workers: the kind this command runs on (native when it loads). Each
 * trial gets one native thread whatever --parallel is (search-objective.ts TRIAL_THREADS).
 * @example workerBackend(defaultBackend()); //=> 'native' where the addon loads
 */
export function workerBackend(backend: Backend): 'native' | 'cpu' {
  return isNativeBackend(backend) ? 'native' : 'cpu';
}
