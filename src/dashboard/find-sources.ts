// What the dashboard was pointed at: run directories (holding metrics.jsonl), folders of runs
// (one level down, like runs/), and study files (SQLite).
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../search/storage/open-database.js';

/** The runs and study files found under the given paths. */
export interface Sources {
  /** Absolute run directories. */
  readonly runs: string[];
  /** Absolute study files. */
  readonly studies: string[];
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * Whether `file` starts with SQLite's 16-byte header.
 * @example isSqliteFile('runs/search/study.db'); //=> true
 */
export function isSqliteFile(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === SQLITE_MAGIC;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Whether `file` is a SQLite file holding search studies (a `studies` and a `trials` table). Opened
 * read-only, so an unrelated database under the given folders is never touched.
 * @example isStudyFile('runs/search/study.db'); //=> true
 */
export function isStudyFile(file: string): boolean {
  if (!isSqliteFile(file)) return false;
  let db: Database.Database | undefined;
  try {
    db = openDatabase(file, { readonly: true, fileMustExist: true });
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    const tables = new Set(names.map((n) => n.name));
    return tables.has('studies') && tables.has('trials');
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

const isRunDir = (dir: string) => existsSync(join(dir, 'metrics.jsonl'));

/**
 * Finds runs and studies: a path may be a run directory, a metrics.jsonl file, a study file, or a
 * folder whose direct children are those. Missing paths are skipped (the caller checks them).
 * @example findSources(['runs']); //=> { runs: ['/work/runs/digits-1', ...], studies: ['/work/runs/search/study.db'] }
 */
export function findSources(paths: readonly string[]): Sources {
  const runs = new Set<string>();
  const studies = new Set<string>();
  const visit = (path: string, depth: number) => {
    let st;
    try {
      st = statSync(path);
    } catch {
      return;
    }
    if (st.isFile()) {
      if (basename(path) === 'metrics.jsonl') runs.add(dirname(path));
      else if (isStudyFile(path)) studies.add(path);
      return;
    }
    if (!st.isDirectory()) return;
    if (isRunDir(path)) {
      runs.add(path);
      return;
    }
    if (depth === 0) return;
    let names: string[] = [];
    try {
      names = readdirSync(path).sort();
    } catch {
      return;
    }
    for (const name of names) if (!name.startsWith('.')) visit(join(path, name), depth - 1);
  };
  // Two levels: runs/<run>/ and runs/<search>/study.db or runs/<search>/<trial run>/.
  for (const p of paths) visit(resolve(p), 2);
  return { runs: [...runs], studies: [...studies] };
}
