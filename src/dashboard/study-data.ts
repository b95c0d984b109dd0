// A study file (SQLite, src/search's storage) as the dashboard sees it: its studies, their trials
// and how each dimension is drawn.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { bestTrial, type SearchSpace, SqliteStorage, type TrialRecord } from '../search/node/index.js';
import type { Dimension, StudyDetail, StudySummary, TrialRow } from './api.js';
import { shortId } from './short-id.js';

/**
 * How each dimension of a space is plotted: log axes for log dimensions, categories by index.
 * @example dimensionsOf({ lr: { type: 'logUniform', low: 1e-4, high: 1 } }); //=> [{ name: 'lr', kind: 'log' }]
 */
export function dimensionsOf(space: SearchSpace): Dimension[] {
  return Object.entries(space).map(([name, d]): Dimension => {
    if (d.type === 'logUniform' || (d.type === 'int' && d.log)) return { name, kind: 'log' };
    if (d.type === 'uniform' || d.type === 'int') return { name, kind: 'linear' };
    if (d.type === 'choice') return { name, kind: 'categorical', choices: d.choices.map((c) => JSON.stringify(c)) };
    return { name, kind: 'fixed' };
  });
}

const row = (t: TrialRecord): TrialRow => ({
  number: t.number,
  state: t.state,
  value: t.value,
  params: t.params,
  durationMs: t.durationMs,
  error: t.error,
});

/**
 * One study file being watched; `label` is what the page shows for it (never an absolute path).
 * @example
 * const source = new StudySource('/work/runs/lr-search/study.db', 'runs/lr-search/study.db');
 * (await source.studies())[0]?.trials; //=> 40
 */
export class StudySource {
  private storage: SqliteStorage | null = null;
  private stamp = '';

  constructor(
    readonly file: string,
    readonly label: string = basename(file),
  ) {}

  private open(): SqliteStorage {
    this.storage ??= new SqliteStorage(this.file);
    return this.storage;
  }

  /** True when the file (or its write-ahead log) changed since the last call. */
  changed(): boolean {
    const part = (f: string) => {
      try {
        const s = statSync(f);
        return `${s.size}:${s.mtimeMs}`;
      } catch {
        return '-';
      }
    };
    const stamp = `${part(this.file)}|${part(`${this.file}-wal`)}`;
    const changed = stamp !== this.stamp;
    this.stamp = stamp;
    return changed;
  }

  /** The id of a study of this file. */
  idOf(name: string): string {
    return shortId(`${this.file}\0${name}`);
  }

  /** A summary row per study in the file. */
  async studies(): Promise<StudySummary[]> {
    const storage = this.open();
    const out: StudySummary[] = [];
    for (const name of await storage.listStudies()) {
      const detail = await this.detail(name);
      if (detail !== null) out.push(detail.summary);
    }
    return out;
  }

  /** One study with its trials, or null when the file has no study of that name. */
  async detail(name: string): Promise<StudyDetail | null> {
    const storage = this.open();
    const study = await storage.loadStudy(name);
    if (study === null) return null;
    const trials = await storage.getTrials(name);
    const best = bestTrial(trials, study.direction);
    return {
      summary: {
        id: this.idOf(name),
        file: this.label,
        name,
        direction: study.direction,
        trials: trials.length,
        best: best?.value ?? null,
      },
      dimensions: dimensionsOf(study.space),
      trials: trials.map(row),
    };
  }

  /** Closes the database. */
  async close(): Promise<void> {
    await this.storage?.close();
    this.storage = null;
  }
}
