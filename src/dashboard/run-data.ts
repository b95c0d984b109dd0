// One run directory as the dashboard sees it: the tailed metrics.jsonl turned into the JSON the
// page draws (summary row, downsampled series, config, doctor report).
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { downsample } from '../plot/downsample.js';
import type { EpochEvent } from '../train/run-log.js';
import type { DoctorCheck, RunDetail, RunStatus, RunSummary, Series } from './api.js';
import { RunTail } from './run-tail.js';

/** A run without an end event whose log has not changed for this long counts as interrupted. */
const STALE_MS = 10 * 60 * 1000;

/**
 * x/y columns of at most about `maxPoints` points, keeping each bucket's first, last, lowest and
 * highest value (plot/downsample); non-finite values (a diverged loss) are dropped.
 * @example thinSeries([0, 1, 2], [5, 9, 7], 100); //=> { x: [0, 1, 2], y: [5, 9, 7] }
 */
export function thinSeries(xs: readonly number[], ys: readonly number[], maxPoints: number): { x: number[]; y: number[] } {
  const points = [];
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(ys[i])) points.push({ x: xs[i]!, y: ys[i]! });
  const kept = downsample(points, Math.max(4, maxPoints));
  return { x: kept.map((p) => p.x), y: kept.map((p) => p.y) };
}

/** Per-epoch columns for each key of a per-epoch record (update ratios, dead relu), gaps as null. */
function recordSeries(epochs: readonly EpochEvent[], pick: (e: EpochEvent) => Readonly<Record<string, number>> | undefined): Series {
  const names = new Set<string>();
  for (const e of epochs) for (const k of Object.keys(pick(e) ?? {})) names.add(k);
  const y: Record<string, (number | null)[]> = {};
  for (const name of names) y[name] = epochs.map((e) => finiteOrNull(pick(e)?.[name]));
  return { x: epochs.map((e) => e.epoch), y };
}

const finiteOrNull = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

function readJson(file: string): unknown {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function readDoctor(dir: string): { checks: DoctorCheck[] } | null {
  const report = readJson(join(dir, 'doctor.json')) as { checks?: unknown } | undefined;
  if (report === undefined || !Array.isArray(report.checks)) return null;
  const checks = report.checks.filter(
    (c): c is DoctorCheck => typeof c === 'object' && c !== null && typeof (c as DoctorCheck).name === 'string',
  );
  return { checks };
}

/**
 * A run directory being watched.
 * @example
 * const run = new RunSource('ab12', 'runs/digits-1');
 * run.refresh();
 * run.summary().status; //=> 'finished'
 */
export class RunSource {
  readonly tail: RunTail;

  constructor(
    readonly id: string,
    readonly dir: string,
  ) {
    this.tail = new RunTail(join(dir, 'metrics.jsonl'));
  }

  /** Reads appended log lines; true when something changed. */
  refresh(): boolean {
    return this.tail.refresh();
  }

  /** The list row. `now` decides whether an unfinished run is still running. */
  summary(now = Date.now()): RunSummary {
    const t = this.tail;
    const status: RunStatus = t.end !== null ? t.end.status : now - t.mtimeMs > STALE_MS ? 'interrupted' : 'running';
    const accuracies = t.epochs.map((e) => e.valAccuracy).filter((v): v is number => v !== undefined && Number.isFinite(v));
    const seconds = t.end?.seconds ?? t.epochs.reduce((s, e) => s + e.seconds, 0);
    return {
      id: this.id,
      name: t.start?.name ?? basename(this.dir),
      dir: this.dir,
      status,
      bestValAccuracy: accuracies.length === 0 ? null : Math.max(...accuracies),
      epochs: t.end?.epochs ?? t.epochs.length,
      seconds,
      iterations: t.steps.length,
      problems: t.problems.slice(),
    };
  }

  /** Everything the runs view draws, with iteration series thinned to about `maxPoints`. */
  detail(maxPoints: number, hasWeights: boolean): RunDetail {
    const t = this.tail;
    const loss = thinSeries(t.steps, t.losses, maxPoints);
    const lr = thinSeries(t.steps, t.lrs, maxPoints);
    const ep = t.epochs;
    const col = (pick: (e: EpochEvent) => number | undefined) => ep.map((e) => finiteOrNull(pick(e)));
    return {
      summary: this.summary(),
      loss: { x: loss.x, y: { loss: loss.y } },
      lossPoints: t.steps.length,
      epochs: {
        x: ep.map((e) => e.epoch),
        y: {
          trainAccuracy: col((e) => e.trainAccuracy),
          valAccuracy: col((e) => e.valAccuracy),
          trainLoss: col((e) => e.trainLoss),
          valLoss: col((e) => e.valLoss),
        },
      },
      lr: { x: lr.x, y: { lr: lr.y } },
      updateRatios: recordSeries(ep, (e) => e.updateRatios),
      deadRelu: recordSeries(ep, (e) => e.deadRelu),
      config: readJson(join(this.dir, 'config.json')) ?? t.start?.config ?? null,
      doctor: readDoctor(this.dir),
      hasWeights,
    };
  }
}
