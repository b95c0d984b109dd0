// Switching a study file to WAL when several processes open it at once. Changing the journal mode
// needs an exclusive lock, and SQLite answers SQLITE_BUSY at once (without its busy handler) when
// another connection is mid-way through opening or writing the same file; so the switch is retried
// with a short, growing wait until the busy timeout runs out. A file already in WAL mode (the usual
// case for the second and later processes) is left as it is.
import type Database from 'better-sqlite3';

const isBusy = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY');

/** Blocks the thread for `ms` (the storage is synchronous, as better-sqlite3 is). */
const pause = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** Puts the database in WAL mode, retrying while another process holds the lock, for up to `timeoutMs`. */
export function enableWal(db: Database.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 1; ; wait = Math.min(2 * wait, 50)) {
    try {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() + wait > deadline) throw error;
      pause(wait);
    }
  }
}
