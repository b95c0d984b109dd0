// One run directory as the dashboard sees it: the tailed metrics.jsonl turned into the JSON the
// page draws (summary row, downsampled series, config, doctor report).
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { downsample } from '../plot/downsample.js';
import type { EpochEvent } from '../train/run-log.js';
import type { DoctorCheck, RunDetail, RunStatus, RunSummary } from './api.js';
import { RunTail } from './run-tail.js';
import { thinColumns } from './thin-columns.js';

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

/** The columns of a per-epoch record (update ratios, dead relu), one per key, gaps as undefined. */
function recordColumns(
  epochs: readonly EpochEvent[],
  pick: (e: EpochEvent) => Readonly<Record<string, number>> | undefined,
): Record<string, (number | undefined)[]> {
  const names = new Set<string>();
  for (const e of epochs) for (const k of Object.keys(pick(e) ?? {})) names.add(k);
  const columns: Record<string, (number | undefined)[]> = {};
  for (const name of names) columns[name] = epochs.map((e) => pick(e)?.[name]);
  return columns;
}

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
    // A loop, not Math.max(...): a 100k-epoch run would overflow the argument list.
    let best: number | null = null;
    for (const e of t.epochs) if (e.valAccuracy !== undefined && Number.isFinite(e.valAccuracy)) best = Math.max(best ?? -Infinity, e.valAccuracy);
    return {
      id: this.id,
      name: t.start?.name ?? basename(this.dir),
      dir: this.dir,
      status,
      bestValAccuracy: best,
      epochs: t.end?.epochs ?? t.epochs.length,
      seconds: t.seconds,
      iterations: t.steps.length,
      problems: t.problems.slice(),
    };
  }

  /**
   * Everything the runs view draws, each series thinned to about `maxPoints` (the iteration
   * series by step, the per-epoch ones by epoch), so a long run costs the page little.
   */
  detail(maxPoints: number, hasWeights: boolean): RunDetail {
    const t = this.tail;
    const loss = thinSeries(t.steps, t.losses, maxPoints);
    const lr = thinSeries(t.steps, t.lrs, maxPoints);
    const ep = t.epochs;
    const x = ep.map((e) => e.epoch);
    const points = Math.max(4, maxPoints);
    return {
      summary: this.summary(),
      loss: { x: loss.x, y: { loss: loss.y } },
      lossPoints: t.steps.length,
      epochs: thinColumns(x, {
        trainAccuracy: ep.map((e) => e.trainAccuracy),
        valAccuracy: ep.map((e) => e.valAccuracy),
        trainLoss: ep.map((e) => e.trainLoss),
        valLoss: ep.map((e) => e.valLoss),
      }, points),
      lr: { x: lr.x, y: { lr: lr.y } },
      updateRatios: thinColumns(x, recordColumns(ep, (e) => e.updateRatios), points),
      deadRelu: thinColumns(x, recordColumns(ep, (e) => e.deadRelu), points),
      config: readJson(join(this.dir, 'config.json')) ?? t.start?.config ?? null,
      doctor: readDoctor(this.dir),
      hasWeights,
    };
  }
}
