// Study storage in a PostgreSQL database (node-postgres), for a study that workers on many hosts
// share with no coordinator but the database. A trial is claimed in one short transaction that first
// locks the study's row (SELECT ... FOR UPDATE): claims queue on that lock, and each one reads every
// trial committed before it, so numbers are unique and the budget is never overrun. A serialization
// failure or a deadlock reruns the transaction; a lost connection (a server restart, a network cut) is
// retried with backoff for a bounded time once the storage has connected, and a claim carries a token
// so that a retry after a commit whose reply was lost finds its trial instead of claiming another.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type pg from 'pg';
import type { JsonValue } from '../../json.js';
import { StudyError } from '../../search-error.js';
import type { Owner, TrialRecord } from '../../trial.js';
import type { Allocation, Storage, StudyRecord, TrialOutcome } from '../../storage/storage.js';
import { processOwners } from '../process-owner.js';
import { isConnectionLoss, isRetryableTransaction, postgresFailure } from './postgres-failure.js';
import { postgresPassword } from './postgres-password.js';
import { ensureSchema } from './postgres-schema.js';
import { parsePostgresUrl, type PostgresLocation } from './postgres-url.js';
import { rowToStudy, rowToTrial, type StudyRow, type TrialRow } from './sqlite-rows.js';

/** Options of PostgresStorage. */
export interface PostgresStorageOptions {
  /** Connections this process keeps open at most (default 4). */
  readonly maxConnections?: number;
  /** How long to keep retrying after the connection is lost, once connected (default 60 000 ms). */
  readonly reconnectMs?: number;
  /** How long one connection attempt may take (default 10 000 ms). */
  readonly connectTimeoutMs?: number;
  /**
   * How long the server keeps a transaction of ours open while it waits on us (default 30 000 ms).
   * A worker cut off inside its claiming transaction would otherwise hold the study's lock until its
   * link returns or TCP gives up (hours), stalling every other host; ours never wait that long between
   * statements (a sampler's decision takes milliseconds).
   */
  readonly idleInTransactionMs?: number;
}

/**
 * The database server's clock in milliseconds: every timestamp of a shared study (start, heartbeat,
 * finish) is the server's, so that hosts whose clocks differ never see each other's heartbeats as
 * stale (or fresh) by their skew.
 */
const SERVER_NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::double precision';

const TRIAL_COLUMNS =
  'number, state, params, value, error, stage, attrs, started_at, finished_at, heartbeat_at, owner_host, owner_pid, owner_start';
const TRIAL_SELECT = `${TRIAL_COLUMNS.split(', ').map((c) => `t.${c}`).join(', ')}, i.steps, i.vals`;
/** Each trial's intermediate values as two arrays, so that a trial and its values come in one query. */
const WITH_INTERMEDIATE = `LEFT JOIN LATERAL (
  SELECT array_agg(step ORDER BY step) AS steps, array_agg(value ORDER BY step) AS vals
  FROM descent_intermediate d WHERE d.study_id = t.study_id AND d.number = t.number) i ON true`;

type TrialRowWithSteps = TrialRow & { steps: number[] | null; vals: (number | null)[] | null };

function withSteps(row: TrialRowWithSteps): TrialRecord {
  const vals = row.vals ?? [];
  return rowToTrial(row, (row.steps ?? []).map((step, k) => ({ step, value: vals[k] ?? NaN })));
}
/** Reruns of a transaction that lost a serialization race or a deadlock. */
const MAX_CONFLICT_RETRIES = 20;

type Query = (text: string, values?: unknown[]) => Promise<pg.QueryResult>;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// node-postgres is loaded on first use: every descent command would otherwise pay its ~45 ms import.
let pgModule: typeof pg | undefined;
const loadPg = (): typeof pg => (pgModule ??= createRequire(import.meta.url)('pg') as typeof pg);

/**
 * A Storage in a PostgreSQL database, shared by any number of processes on any number of hosts.
 * The tables are created (or migrated) on first use.
 * @example
 * const storage = new PostgresStorage('postgresql://search@db.lan:5432/studies');
 * const result = await search({ space, objective, trials: 50, storage });
 */
export class PostgresStorage implements Storage {
  /** Same host: a trial's owner is judged by the process table; other hosts: by the heartbeat. */
  readonly owners = processOwners;
  /** The database's URL without its password. */
  readonly display: string;
  private readonly location: PostgresLocation;
  private readonly pool: pg.Pool;
  private readonly ids = new Map<string, number>();
  private readonly reconnectMs: number;
  private schema: Promise<void> | undefined;
  private connected = false;

  /**
   * Reads the URL now (a bad one throws ConfigError) and connects on first use.
   * @throws ConfigError for a malformed URL or an sslmode that cannot be honoured.
   */
  constructor(url: string | PostgresLocation, options: PostgresStorageOptions = {}) {
    this.location = typeof url === 'string' ? parsePostgresUrl(url) : url;
    this.display = this.location.display;
    this.reconnectMs = options.reconnectMs ?? 60_000;
    const { host, port, user, database, ssl } = this.location;
    const given = this.location.password;
    this.pool = new (loadPg().Pool)({
      host,
      port,
      user,
      database,
      ssl,
      // A function, so that node-postgres never falls back to its own (deprecated) ~/.pgpass reader.
      // Called only when the server asks for a password.
      password: async () => {
        const password = given ?? postgresPassword({ host, port, database, user });
        if (password !== null) return password;
        throw new StudyError(
          `PostgreSQL study storage ${this.display}: the server asks for a password and none was given (put it in the URL, PGPASSWORD or ~/.pgpass)`,
        );
      },
      max: options.maxConnections ?? 4,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      application_name: 'descent search',
      idle_in_transaction_session_timeout: options.idleInTransactionMs ?? 30_000,
      // Keepalives notice a dead peer on an idle connection, so the pool does not hand one out.
      keepAlive: true,
    });
    // An idle connection that the server drops (a restart) must not end the process; the next
    // query opens a new one.
    this.pool.on('error', () => {});
    // The same for a connection in use: its next query fails instead, and that failure is handled.
    this.pool.on('connect', (client) => client.on('error', () => {}));
  }

  /** The password known from the URL, to keep it out of messages. */
  private get secret(): string | null {
    return this.location.password;
  }

  private failure(error: unknown): unknown {
    return postgresFailure(this.display, error, this.secret);
  }

  /**
   * Runs `work` on one connection, inside BEGIN/COMMIT when `transaction`: again after a conflict,
   * and after a lost connection (with backoff, for reconnectMs) once this storage has connected.
   */
  private async run<T>(transaction: boolean, work: (query: Query, attempt: number) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.reconnectMs;
    let delay = 50;
    for (let attempt = 0, conflicts = 0; ; attempt++) {
      let client: pg.PoolClient | undefined;
      try {
        client = await this.pool.connect();
        this.schema ??= ensureSchema(client, this.display).catch((error: unknown) => {
          this.schema = undefined;
          throw error;
        });
        await this.schema;
        this.connected = true;
        const query: Query = (text, values) => client!.query(text, values);
        if (!transaction) {
          const result = await work(query, attempt);
          client.release();
          return result;
        }
        await client.query('BEGIN');
        try {
          const result = await work(query, attempt);
          await client.query('COMMIT');
          client.release();
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        }
      } catch (error) {
        const lost = isConnectionLoss(error);
        client?.release(lost ? (error as Error) : undefined);
        if (isRetryableTransaction(error) && conflicts++ < MAX_CONFLICT_RETRIES) {
          await sleep(Math.random() * 10 * conflicts);
          continue;
        }
        if (lost && this.connected && Date.now() < deadline) {
          await sleep(delay);
          delay = Math.min(delay * 2, 2_000);
          continue;
        }
        throw this.failure(error);
      }
    }
  }

  private async studyId(query: Query, name: string, lock = false): Promise<number> {
    let id = this.ids.get(name);
    if (id === undefined || lock) {
      const { rows } = await query(`SELECT id FROM descent_studies WHERE name = $1${lock ? ' FOR UPDATE' : ''}`, [name]);
      const row = rows[0] as { id: number } | undefined;
      if (row === undefined) throw new StudyError(`no study named "${name}" in ${this.display}`);
      id = row.id;
      this.ids.set(name, id);
    }
    return id;
  }

  /** The trials of study `id` (or the one numbered `number`) with their intermediate values, in one query. */
  private async readTrials(query: Query, id: number, number?: number): Promise<TrialRecord[]> {
    const where = number === undefined ? '' : ' AND t.number = $2';
    const args = number === undefined ? [id] : [id, number];
    const { rows } = await query(`SELECT ${TRIAL_SELECT} FROM descent_trials t ${WITH_INTERMEDIATE} WHERE t.study_id = $1${where} ORDER BY t.number`, args);
    return (rows as TrialRowWithSteps[]).map(withSteps);
  }

  /** Throws the StudyError of a trial that is missing or no longer running. */
  private async throwNotRunning(query: Query, id: number, study: string, number: number): Promise<never> {
    const { rows } = await query('SELECT state FROM descent_trials WHERE study_id = $1 AND number = $2', [id, number]);
    const row = rows[0] as { state: string } | undefined;
    if (row === undefined) throw new StudyError(`study "${study}" has no trial ${number}`);
    throw new StudyError(`trial ${number} is already ${row.state}; it cannot change`);
  }

  async openStudy(study: StudyRecord): Promise<StudyRecord> {
    return this.run(true, async (query) => {
      await query(
        'INSERT INTO descent_studies (name, direction, space, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING',
        [study.name, study.direction, JSON.stringify(study.space), study.createdAt],
      );
      const { rows } = await query('SELECT id, name, direction, space, created_at FROM descent_studies WHERE name = $1', [study.name]);
      return rowToStudy(rows[0] as StudyRow);
    });
  }

  async loadStudy(name: string): Promise<StudyRecord | null> {
    return this.run(false, async (query) => {
      const { rows } = await query('SELECT id, name, direction, space, created_at FROM descent_studies WHERE name = $1', [name]);
      return rows.length === 0 ? null : rowToStudy(rows[0] as StudyRow);
    });
  }

  async listStudies(): Promise<string[]> {
    return this.run(false, async (query) =>
      ((await query('SELECT name FROM descent_studies ORDER BY id')).rows as { name: string }[]).map((r) => r.name),
    );
  }

  async getStudyAttrs(study: string): Promise<Record<string, JsonValue>> {
    return this.run(false, async (query) => {
      const id = await this.studyId(query, study);
      const { rows } = await query('SELECT key, value FROM descent_study_attrs WHERE study_id = $1 ORDER BY key', [id]);
      return Object.fromEntries((rows as { key: string; value: string }[]).map((r) => [r.key, JSON.parse(r.value) as JsonValue]));
    });
  }

  async setStudyAttr(study: string, key: string, value: JsonValue): Promise<void> {
    await this.run(false, async (query) => {
      const id = await this.studyId(query, study);
      await query(
        'INSERT INTO descent_study_attrs (study_id, key, value) VALUES ($1, $2, $3) ON CONFLICT (study_id, key) DO UPDATE SET value = EXCLUDED.value',
        [id, key, JSON.stringify(value)],
      );
    });
  }

  async createTrial(
    study: string,
    decide: (trials: readonly TrialRecord[], nextNumber: number) => Allocation,
    owner: Owner | null,
  ): Promise<TrialRecord | 'wait' | 'done'> {
    const claim = randomUUID();
    return this.run(true, async (query, attempt) => {
      const id = await this.studyId(query, study);
      // The lock is a statement of its own: the reads after it see every claim committed before it.
      await query(`SELECT id FROM descent_studies WHERE id = $1 FOR UPDATE`, [id]);
      if (attempt > 0) {
        // An earlier attempt may have committed before its connection was lost.
        const { rows } = await query('SELECT number FROM descent_trials WHERE study_id = $1 AND claim = $2', [id, claim]);
        const mine = rows[0] as { number: number } | undefined;
        if (mine !== undefined) return (await this.readTrials(query, id, mine.number))[0]!;
      }
      const trials = await this.readTrials(query, id);
      const number = trials.length === 0 ? 0 : trials[trials.length - 1]!.number + 1;
      const decision = decide(trials, number);
      if (decision === 'wait' || decision === 'done') return decision;
      const { rows } = await query(
        `INSERT INTO descent_trials (study_id, number, state, params, stage, attrs, started_at, heartbeat_at,
           owner_host, owner_pid, owner_start, claim) VALUES ($1, $2, 'running', $3, $4, $5, ${SERVER_NOW_MS}, ${SERVER_NOW_MS}, $6, $7, $8, $9)
         RETURNING ${TRIAL_COLUMNS}`,
        [id, number, JSON.stringify(decision.params), decision.stage, JSON.stringify(decision.attrs),
          owner?.host ?? null, owner?.pid ?? null, owner?.start ?? null, claim],
      );
      return rowToTrial(rows[0] as TrialRow, []);
    });
  }

  async report(study: string, number: number, step: number, value: number): Promise<void> {
    await this.run(false, async (query) => {
      const id = await this.studyId(query, study);
      // One statement: the heartbeat update locks the trial's row, and the value is stored only
      // while the trial is running.
      const { rows } = await query(
        `WITH t AS (UPDATE descent_trials SET heartbeat_at = ${SERVER_NOW_MS} WHERE study_id = $1 AND number = $2 AND state = 'running' RETURNING number)
         INSERT INTO descent_intermediate (study_id, number, step, value) SELECT $1, number, $3, $4 FROM t
         ON CONFLICT (study_id, number, step) DO UPDATE SET value = EXCLUDED.value RETURNING number`,
        [id, number, step, value],
      );
      if (rows.length === 0) await this.throwNotRunning(query, id, study, number);
    });
  }

  async heartbeat(study: string, numbers: readonly number[]): Promise<void> {
    if (numbers.length === 0) return;
    await this.run(false, async (query) => {
      const id = await this.studyId(query, study);
      await query(
        `UPDATE descent_trials SET heartbeat_at = ${SERVER_NOW_MS} WHERE study_id = $1 AND number = ANY($2::integer[]) AND state = 'running'`,
        [id, [...numbers]],
      );
    });
  }

  async finishTrial(study: string, number: number, outcome: TrialOutcome): Promise<TrialRecord> {
    return this.run(false, async (query, attempt) => {
      const id = await this.studyId(query, study);
      if (attempt > 0) {
        // An earlier attempt may have committed before its connection was lost: that is this outcome.
        const [stored] = await this.readTrials(query, id, number);
        if (stored !== undefined && stored.state === outcome.state && stored.error === outcome.error &&
          Object.is(stored.value, outcome.value)) return stored;
      }
      // One statement, so atomic: the update happens only while the trial is still running.
      const { rows } = await query(
        `WITH t AS (UPDATE descent_trials SET state = $3, value = $4, error = $5, finished_at = ${SERVER_NOW_MS}
           WHERE study_id = $1 AND number = $2 AND state = 'running' RETURNING *)
         SELECT ${TRIAL_SELECT} FROM t ${WITH_INTERMEDIATE}`,
        [id, number, outcome.state, outcome.value, outcome.error],
      );
      if (rows.length === 0) await this.throwNotRunning(query, id, study, number);
      return withSteps(rows[0] as TrialRowWithSteps);
    });
  }

  async failTrials(study: string, reason: (trial: TrialRecord, now: number) => string | null): Promise<number[]> {
    return this.run(true, async (query) => {
      // The study's lock: two workers reaping at once take turns, and neither races a claim.
      const id = await this.studyId(query, study, true);
      const failed: number[] = [];
      // Heartbeats are judged on the server's clock, the one they were written with.
      const { rows: clock } = await query(`SELECT ${SERVER_NOW_MS} AS now`);
      const now = Number((clock[0] as { now: number | string }).now);
      for (const t of await this.readTrials(query, id)) {
        if (t.state !== 'running') continue;
        const why = reason(t, now);
        if (why === null) continue;
        const { rowCount } = await query(
          `UPDATE descent_trials SET state = 'failed', value = NULL, error = $3, finished_at = ${SERVER_NOW_MS} WHERE study_id = $1 AND number = $2 AND state = 'running'`,
          [id, t.number, why],
        );
        if (rowCount === 1) failed.push(t.number);
      }
      return failed;
    });
  }

  async getTrials(study: string): Promise<TrialRecord[]> {
    return this.run(false, async (query) => this.readTrials(query, await this.studyId(query, study)));
  }

  async getTrial(study: string, number: number): Promise<TrialRecord | null> {
    return this.run(false, async (query) => (await this.readTrials(query, await this.studyId(query, study), number))[0] ?? null);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
