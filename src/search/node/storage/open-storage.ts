// A study location as a person gives it (--storage, SearchOptions.storage): a postgresql:// URL names
// a PostgreSQL database, anything else a SQLite file.
import { resolve } from 'node:path';
import type { Storage } from '../../storage/storage.js';
import { PostgresStorage } from './postgres-storage.js';
import { isPostgresUrl } from './postgres-url.js';
import { SqliteStorage } from './sqlite-storage.js';

/**
 * The storage at `location`: PostgresStorage for a postgresql:// URL (it connects on first use),
 * else SqliteStorage for the file.
 * @throws ConfigError for a malformed URL; StudyError for a file that is not a study file.
 * @example openStorage('postgresql://search@db.lan/studies');
 */
export function openStorage(location: string): Storage {
  return isPostgresUrl(location) ? new PostgresStorage(location) : new SqliteStorage(location);
}

/**
 * `location` made absolute against `cwd` when it is a file path; a URL as it is.
 * @example storageLocation('study.db', '/runs'); //=> '/runs/study.db'
 */
export function storageLocation(location: string, cwd: string): string {
  return isPostgresUrl(location) ? location : resolve(cwd, location);
}


/**
 * Connects to the study database at `url` and back, so that a wrong URL or password is reported
 * before anything depends on it.
 * @throws StudyError (one line, no password) when it cannot.
 */
export async function checkReachable(url: string): Promise<void> {
  const storage = openStorage(url);
  try {
    await storage.listStudies();
  } finally {
    await storage.close();
  }
}
