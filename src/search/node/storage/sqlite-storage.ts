// Study storage in a SQLite file (better-sqlite3). Several processes on one machine may share a
// file: WAL mode lets readers run beside the writer, a busy timeout makes writers queue instead of
// failing, and trial numbers are allocated inside BEGIN IMMEDIATE transactions, so two processes
// never get the same number or both take the last slot of the budget.
import type Database from 'better-sqlite3';
import { enableWal } from './enable-wal.js';
import { openDatabase } from './open-database.js';
import { StudyError } from '../../search-error.js';
import type { JsonValue } from '../../json.js';
import type { Owner, TrialRecord } from '../../trial.js';
import { rowToStudy, rowToTrial, SCHEMA, type StudyRow, type TrialRow } from './sqlite-rows.js';
import type { Allocation, Storage, StudyRecord, TrialOutcome } from '../../storage/storage.js';
import { processOwners } from '../process-owner.js';
import { sqliteFailure } from './sqlite-failure.js';

/** Options of SqliteStorage. */
export interface SqliteStorageOptions {
  /** How long a writer waits for another process's transaction before giving up (default 30 000 ms). */
  readonly busyTimeoutMs?: number;
}

// NOTE: SQLite stores NaN as NULL; intermediate values may legitimately be NaN (a diverged run), so
// NULL reads back as NaN there. Final values are never NaN (a NaN result fails the trial).
const nanToNull = (v: number | null): number | null => (v === null || Number.isNaN(v) ? null : v);

/**
 * A Storage in a SQLite file that survives the process and may be shared by several processes.
 * @example
 * const storage = new SqliteStorage('runs/study.db');
 * const result = await search({ space, objective, trials: 50, storage });
 */
export class SqliteStorage implements Storage {
  /** Processes on this and other machines share the file: their liveness comes from the process table. */
  readonly owners = processOwners;
  private readonly db: Database.Database;
  private readonly ids = new Map<string, number>();

  /** Opens (creating if needed) the study file at `file`. */
  constructor(
    readonly file: string,
    options: SqliteStorageOptions = {},
  ) {
    try {
      this.db = openDatabase(file);
      // The busy timeout first: switching to WAL itself needs a lock another process may hold.
      const timeout = options.busyTimeoutMs ?? 30_000;
      this.db.pragma(`busy_timeout = ${timeout}`);
      enableWal(this.db, timeout);
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.db.transaction(() => this.db.exec(SCHEMA)).immediate();
    } catch (error) {
      throw new StudyError(`cannot open study file ${file}: ${(error as Error).message} (a damaged file, or not a study: move it away to start a new study, or pass another --storage)`, {
        cause: error,
      });
    }
  }

  private studyId(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      const row = this.db.prepare('SELECT id FROM studies WHERE name = ?').get(name) as
        { id: number } | undefined;
      if (row === undefined) throw new StudyError(`no study named "${name}" in ${this.file}`);
      id = row.id;
      this.ids.set(name, id);
    }
    return id;
  }

  private readTrials(id: number, number?: number): TrialRecord[] {
    const where = number === undefined ? '' : ' AND number = ?';
    const args = number === undefined ? [id] : [id, number];
    const rows = this.db
      .prepare(`SELECT * FROM trials WHERE study_id = ?${where} ORDER BY number`)
      .all(...args) as TrialRow[];
    const values = this.db
      .prepare(
        `SELECT number, step, value FROM intermediate WHERE study_id = ?${where} ORDER BY number, step`,
      )
      .all(...args) as { number: number; step: number; value: number | null }[];
    const byTrial = new Map<number, { step: number; value: number }[]>();
    for (const v of values) {
      const list = byTrial.get(v.number) ?? [];
      list.push({ step: v.step, value: v.value ?? NaN });
      byTrial.set(v.number, list);
    }
    return rows.map((r) => rowToTrial(r, byTrial.get(r.number) ?? []));
  }

  private requireRunning(id: number, study: string, number: number): void {
    const row = this.db
      .prepare('SELECT state FROM trials WHERE study_id = ? AND number = ?')
      .get(id, number) as { state: string } | undefined;
    if (row === undefined) throw new StudyError(`study "${study}" has no trial ${number}`);
    if (row.state !== 'running')
      throw new StudyError(`trial ${number} is already ${row.state}; it cannot change`);
  }

  async openStudy(study: StudyRecord): Promise<StudyRecord> {
    return this.db
      .transaction(() => {
        this.db
          .prepare(
            'INSERT OR IGNORE INTO studies (name, direction, space, created_at) VALUES (?, ?, ?, ?)',
          )
          .run(study.name, study.direction, JSON.stringify(study.space), study.createdAt);
        return rowToStudy(
          this.db.prepare('SELECT * FROM studies WHERE name = ?').get(study.name) as StudyRow,
        );
      })
      .immediate();
  }

  async getStudyAttrs(study: string): Promise<Record<string, JsonValue>> {
    const rows = this.db
      .prepare('SELECT key, value FROM study_attrs WHERE study_id = ? ORDER BY key')
      .all(this.studyId(study)) as { key: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as JsonValue]));
  }

  async setStudyAttr(study: string, key: string, value: JsonValue): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO study_attrs (study_id, key, value) VALUES (?, ?, ?)')
      .run(this.studyId(study), key, JSON.stringify(value));
  }

  async loadStudy(name: string): Promise<StudyRecord | null> {
    const row = this.db.prepare('SELECT * FROM studies WHERE name = ?').get(name) as
      StudyRow | undefined;
    return row === undefined ? null : rowToStudy(row);
  }

  async listStudies(): Promise<string[]> {
    return (
      this.db.prepare('SELECT name FROM studies ORDER BY id').all() as { name: string }[]
    ).map((r) => r.name);
  }

  async createTrial(
    study: string,
    decide: (trials: readonly TrialRecord[], nextNumber: number) => Allocation,
    owner: Owner | null,
  ): Promise<TrialRecord | 'wait' | 'done'> {
    const id = this.studyId(study);
    return this.db
      .transaction((): TrialRecord | 'wait' | 'done' => {
        const trials = this.readTrials(id);
        const number = trials.length === 0 ? 0 : trials[trials.length - 1]!.number + 1;
        const decision = decide(trials, number);
        if (decision === 'wait' || decision === 'done') return decision;
        const now = Date.now();
        this.db
          .prepare(
            `INSERT INTO trials (study_id, number, state, params, stage, attrs, started_at, heartbeat_at,
               owner_host, owner_pid, owner_start) VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            id,
            number,
            JSON.stringify(decision.params),
            decision.stage,
            JSON.stringify(decision.attrs),
            now,
            now,
            owner?.host ?? null,
            owner?.pid ?? null,
            owner?.start ?? null,
          );
        return this.readTrials(id, number)[0]!;
      })
      .immediate();
  }

  async report(study: string, number: number, step: number, value: number): Promise<void> {
    const id = this.studyId(study);
    this.db
      .transaction(() => {
        this.requireRunning(id, study, number);
        this.db
          .prepare(
            'INSERT OR REPLACE INTO intermediate (study_id, number, step, value) VALUES (?, ?, ?, ?)',
          )
          .run(id, number, step, nanToNull(value));
        this.db
          .prepare('UPDATE trials SET heartbeat_at = ? WHERE study_id = ? AND number = ?')
          .run(Date.now(), id, number);
      })
      .immediate();
  }

  async heartbeat(study: string, numbers: readonly number[]): Promise<void> {
    const id = this.studyId(study);
    const update = this.db.prepare(
      "UPDATE trials SET heartbeat_at = ? WHERE study_id = ? AND number = ? AND state = 'running'",
    );
    const now = Date.now();
    this.db.transaction(() => numbers.forEach((n) => update.run(now, id, n))).immediate();
  }

  private finish(id: number, number: number, outcome: TrialOutcome): void {
    this.db
      .prepare(
        `UPDATE trials SET state = ?, value = ?, error = ?, finished_at = ?
         WHERE study_id = ? AND number = ? AND state = 'running'`,
      )
      .run(outcome.state, nanToNull(outcome.value), outcome.error, Date.now(), id, number);
  }

  async finishTrial(study: string, number: number, outcome: TrialOutcome): Promise<TrialRecord> {
    const id = this.studyId(study);
    return this.db
      .transaction(() => {
        this.requireRunning(id, study, number);
        this.finish(id, number, outcome);
        return this.readTrials(id, number)[0]!;
      })
      .immediate();
  }

  async failTrials(
    study: string,
    reason: (trial: TrialRecord, now: number) => string | null,
  ): Promise<number[]> {
    const id = this.studyId(study);
    return this.db
      .transaction(() => {
        const failed: number[] = [];
        // One machine's processes share one clock.
        const now = Date.now();
        for (const t of this.readTrials(id)) {
          if (t.state !== 'running') continue;
          const why = reason(t, now);
          if (why === null) continue;
          this.finish(id, t.number, { state: 'failed', value: null, error: why });
          failed.push(t.number);
        }
        return failed;
      })
      .immediate();
  }

  async getTrials(study: string): Promise<TrialRecord[]> {
    return this.readTrials(this.studyId(study));
  }

  async getTrial(study: string, number: number): Promise<TrialRecord | null> {
    return this.readTrials(this.studyId(study), number)[0] ?? null;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

// Every method reaches the database; a SQLite error about the disk or the file (full, damaged,
// read-only) becomes a StudyError naming the file instead of an internal error.
type StorageMethod = (this: SqliteStorage, ...args: never[]) => Promise<unknown>;
const prototype = SqliteStorage.prototype as unknown as Record<string, StorageMethod>;
for (const name of ['openStudy', 'getStudyAttrs', 'setStudyAttr', 'loadStudy', 'listStudies', 'createTrial', 'report', 'heartbeat', 'finishTrial', 'failTrials', 'getTrials', 'getTrial', 'close']) {
  const method = prototype[name]!;
  prototype[name] = async function (this: SqliteStorage, ...args: never[]) {
    try {
      return await method.apply(this, args);
    } catch (error) {
      throw sqliteFailure(this.file, error);
    }
  };
}

