// One run directory as the dashboard sees it: the tailed metrics.jsonl turned into the JSON the
// page draws (summary row, downsampled series, config, doctor report).
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { downsample } from '../plot/downsample.js';
import type { EpochEvent } from '../train/run-log.js';
import type { DoctorCheck, RunDetail, RunStatus, RunSummary } from './api.js';
import { RunTail } from './run-tail.js';
import { realInside, realOrSelf } from './safe-path.js';
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

/** A JSON file's value, or undefined when it is missing, unreadable, or a link out of `root`. */
function readJson(root: string, file: string): unknown {
  const real = realInside(root, file);
  if (real === null) return undefined;
  try {
    return JSON.parse(readFileSync(real, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function readDoctor(root: string, dir: string): { checks: DoctorCheck[] } | null {
  const report = readJson(root, join(dir, 'doctor.json')) as { checks?: unknown } | undefined;
  if (report === undefined || !Array.isArray(report.checks)) return null;
  const checks = report.checks.filter(
    (c): c is DoctorCheck => typeof c === 'object' && c !== null && typeof (c as DoctorCheck).name === 'string',
  );
  return { checks };
}

/** Where a run directory was found (find-sources' Found); each part has a default. */
export interface RunPlace {
  /** The real path of the served folder its files must lie in; default the run directory's. */
  readonly root?: string;
  /** What the page shows as its directory; default the directory's name. */
  readonly label?: string;
}

/**
 * A run directory being watched. Its files are read only where they lie inside `root`.
 * @example
 * const run = new RunSource('ab12', 'runs/digits-1');
 * run.refresh();
 * run.summary().status; //=> 'finished'
 */
export class RunSource {
  readonly tail: RunTail;
  readonly root: string;
  readonly label: string;

  constructor(
    readonly id: string,
    readonly dir: string,
    place: RunPlace = {},
  ) {
    this.tail = new RunTail(join(dir, 'metrics.jsonl'));
    this.root = place.root ?? realOrSelf(dir);
    this.label = place.label ?? basename(dir);
  }

  /** Reads appended log lines; true when something changed. A log replaced by a link out of `root` is not read. */
  refresh(): boolean {
    if (realInside(this.root, this.tail.file) === null) return false;
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
      dir: this.label,
      startedAt: t.start?.time ?? null,
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
      config: readJson(this.root, join(this.dir, 'config.json')) ?? t.start?.config ?? null,
      doctor: readDoctor(this.root, this.dir),
      hasWeights,
      warnings: t.warnings.map((w) => ({ epoch: w.epoch, kind: w.kind, message: w.message })),
    };
  }
}
