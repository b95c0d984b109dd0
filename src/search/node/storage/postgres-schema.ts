// The tables of PostgreSQL study storage, created on first use and migrated by version. Every process
// of a search runs ensureSchema when it connects, often at the same moment on many hosts: a
// transaction-scoped advisory lock makes them take turns, so exactly one creates or migrates the
// tables and the others find them done (concurrent CREATE TABLE IF NOT EXISTS alone can fail with a
// duplicate-key error in the catalog). Tables carry a descent_ prefix: they may share a database
// with the user's own.
import type { PoolClient } from 'pg';
import { StudyError } from '../../search-error.js';

/** The advisory lock key of schema changes ("desc" in ASCII). */
export const SCHEMA_LOCK = 0x64657363;

/**
 * MIGRATIONS[i] takes the schema from version i to i + 1. Times are milliseconds since the epoch;
 * JSON is stored as text so that it reads back exactly as written (jsonb reorders keys). Values are
 * double precision, which keeps NaN (a diverged intermediate value). A trial's claim is the token of
 * the transaction that created it (postgres-storage.ts createTrial).
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE descent_studies (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    direction text NOT NULL CHECK (direction IN ('minimize', 'maximize')),
    space text NOT NULL,
    created_at double precision NOT NULL
  );
  CREATE TABLE descent_trials (
    study_id integer NOT NULL REFERENCES descent_studies (id),
    number integer NOT NULL,
    state text NOT NULL CHECK (state IN ('running', 'complete', 'pruned', 'failed')),
    params text NOT NULL,
    value double precision,
    error text,
    stage integer NOT NULL DEFAULT 0,
    attrs text NOT NULL DEFAULT '{}',
    started_at double precision NOT NULL,
    finished_at double precision,
    heartbeat_at double precision,
    owner_host text,
    owner_pid integer,
    owner_start text,
    claim text,
    PRIMARY KEY (study_id, number)
  );
  CREATE TABLE descent_intermediate (
    study_id integer NOT NULL,
    number integer NOT NULL,
    step integer NOT NULL,
    value double precision,
    PRIMARY KEY (study_id, number, step),
    FOREIGN KEY (study_id, number) REFERENCES descent_trials (study_id, number)
  );
  CREATE TABLE descent_study_attrs (
    study_id integer NOT NULL REFERENCES descent_studies (id),
    key text NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (study_id, key)
  );
  `,
];

/** The schema version this descent writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Creates or migrates the study tables to SCHEMA_VERSION in one transaction, under the advisory lock.
 * @throws StudyError when the database holds a newer schema than this descent knows.
 */
export async function ensureSchema(client: PoolClient, display: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS descent_schema (version integer NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM descent_schema');
    const version = rows[0]?.version ?? 0;
    if (rows.length === 0) await client.query('INSERT INTO descent_schema (version) VALUES (0)');
    if (version > SCHEMA_VERSION) {
      throw new StudyError(
        `PostgreSQL study storage ${display}: its tables are schema version ${version}, newer than this descent knows (${SCHEMA_VERSION}); upgrade descent`,
      );
    }
    for (let v = version; v < SCHEMA_VERSION; v++) await client.query(MIGRATIONS[v]!);
    if (version < SCHEMA_VERSION) await client.query('UPDATE descent_schema SET version = $1', [SCHEMA_VERSION]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
