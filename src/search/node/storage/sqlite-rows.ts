// The SQLite schema of a study file and the row <-> record conversions.
import { StudyError } from '../../search-error.js';
import type { SearchSpace } from '../../space.js';
import type { Direction, Intermediate, TrialRecord, TrialState } from '../../trial.js';
import type { StudyRecord } from '../../storage/storage.js';

/** Version 1 of the study-file schema; times are milliseconds since the epoch. */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS studies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  direction TEXT NOT NULL CHECK (direction IN ('minimize', 'maximize')),
  space TEXT NOT NULL,
  created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS trials (
  study_id INTEGER NOT NULL REFERENCES studies (id),
  number INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'complete', 'pruned', 'failed')),
  params TEXT NOT NULL,
  value REAL,
  error TEXT,
  stage INTEGER NOT NULL DEFAULT 0,
  attrs TEXT NOT NULL DEFAULT '{}',
  started_at REAL NOT NULL,
  finished_at REAL,
  heartbeat_at REAL,
  owner_host TEXT,
  owner_pid INTEGER,
  owner_start TEXT,
  PRIMARY KEY (study_id, number)
);
CREATE TABLE IF NOT EXISTS intermediate (
  study_id INTEGER NOT NULL,
  number INTEGER NOT NULL,
  step INTEGER NOT NULL,
  value REAL,
  PRIMARY KEY (study_id, number, step),
  FOREIGN KEY (study_id, number) REFERENCES trials (study_id, number)
);
CREATE TABLE IF NOT EXISTS study_attrs (
  study_id INTEGER NOT NULL REFERENCES studies (id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (study_id, key)
);
PRAGMA user_version = 1;
`;

/** A row of the studies table. */
export interface StudyRow {
  id: number;
  name: string;
  direction: string;
  space: string;
  created_at: number;
}

/** A row of the trials table. */
export interface TrialRow {
  number: number;
  state: string;
  params: string;
  value: number | null;
  error: string | null;
  stage: number;
  attrs: string;
  started_at: number;
  finished_at: number | null;
  heartbeat_at: number | null;
  owner_host: string | null;
  owner_pid: number | null;
  owner_start: string | null;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new StudyError(`corrupt study file: ${what} is not JSON`);
  }
}

/**
 * A study record from its row.
 * @example rowToStudy(row).direction; //=> 'minimize'
 */
export function rowToStudy(row: StudyRow): StudyRecord {
  return {
    name: row.name,
    direction: row.direction as Direction,
    space: parseJson(row.space, `the space of study "${row.name}"`) as SearchSpace,
    createdAt: row.created_at,
  };
}

/**
 * A trial record from its row and its intermediate values.
 * @example rowToTrial(row, []).state; //=> 'running'
 */
export function rowToTrial(row: TrialRow, intermediate: Intermediate[]): TrialRecord {
  return {
    number: row.number,
    state: row.state as TrialState,
    params: parseJson(row.params, `the params of trial ${row.number}`) as TrialRecord['params'],
    value: row.value,
    intermediate,
    error: row.error,
    stage: row.stage,
    attrs: parseJson(row.attrs, `the attrs of trial ${row.number}`) as TrialRecord['attrs'],
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.finished_at === null ? null : row.finished_at - row.started_at,
    owner:
      row.owner_host === null || row.owner_pid === null
        ? null
        : { host: row.owner_host, pid: row.owner_pid, start: row.owner_start },
    heartbeatAt: row.heartbeat_at,
  };
}
