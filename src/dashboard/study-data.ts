// A study storage (a SQLite file, or a PostgreSQL database shared by workers on many hosts) as the
// dashboard sees it: its studies, their trials and how each dimension is drawn.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { bestTrial, openStorage, type SearchSpace, type Storage, type TrialRecord } from '../search/node/index.js';
import { isPostgresUrl, redactUrl } from '../search/node/storage/postgres-url.js';
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
  host: t.owner?.host ?? null,
  retryOf: typeof t.attrs['retryOf'] === 'number' ? t.attrs['retryOf'] : null,
});

/**
 * One study storage being watched: a study file, or a postgresql:// URL; `label` is what the page
 * shows for it (never an absolute path, never a password).
 * @example
 * const source = new StudySource('/work/runs/lr-search/study.db', 'runs/lr-search/study.db');
 * (await source.studies())[0]?.trials; //=> 40
 */
export class StudySource {
  private storage: Storage | null = null;
  private stamp = '';
  /** For a database, which has no file to stat: each study's trials as last seen. */
  private readonly seen = new Map<string, string>();

  constructor(
    readonly file: string,
    readonly label: string = isPostgresUrl(file) ? redactUrl(file) : basename(file),
  ) {}

  /** True for a database that other hosts write: it is read again each round. */
  get isDatabase(): boolean {
    return isPostgresUrl(this.file);
  }

  private open(): Storage {
    this.storage ??= openStorage(this.file);
    return this.storage;
  }

  /** The ids of the studies that changed since the last call (every one, for a file that changed). */
  async changedStudies(): Promise<string[]> {
    if (!this.isDatabase) return this.changed() ? (await this.studies()).map((s) => s.id) : [];
    const out: string[] = [];
    for (const name of await this.open().listStudies()) {
      const detail = await this.detail(name);
      if (detail === null) continue;
      const print = JSON.stringify(detail.trials);
      if (this.seen.get(name) !== print) out.push(detail.summary.id);
      this.seen.set(name, print);
    }
    return out;
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
