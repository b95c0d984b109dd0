// What the dashboard was pointed at: run directories (holding metrics.jsonl), folders of runs
// (one level down, like runs/), and study files (SQLite).
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../search/node/storage/open-database.js';
import { realInside, realOrSelf } from './safe-path.js';

/** A run directory or study file found under a given path. */
export interface Found {
  /** Its real path (symbolic links followed), inside `root`. */
  readonly path: string;
  /** The real path of the folder it was found in: a given folder, or a given file's folder. */
  readonly root: string;
  /** What the page shows for it: that folder's name, then the path inside it (`runs/a`). */
  readonly label: string;
}

/** The runs and study files found under the given paths. */
export interface Sources {
  readonly runs: Found[];
  readonly studies: Found[];
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

/** Whether `dir` holds a metrics.jsonl that lies in `root` (a link out of it does not count). */
const isRunDir = (root: string, dir: string) => realInside(root, join(dir, 'metrics.jsonl')) !== null;

/**
 * Finds runs and studies: a path may be a run directory, a metrics.jsonl file, a study file, or a
 * folder whose direct children are those. Missing paths are skipped (the caller checks them). A
 * given folder (or a given file's folder) is a root: whatever a symbolic link under it leads out of
 * it is skipped, links that stay inside are followed, and a place reached twice is found once.
 * @example findSources(['runs']).runs; //=> [{ path: '/work/runs/digits-1', root: '/work/runs', label: 'runs/digits-1' }, ...]
 */
export function findSources(paths: readonly string[]): Sources {
  const runs = new Map<string, Found>();
  const studies = new Map<string, Found>();
  const visit = (root: string, path: string, label: string, depth: number) => {
    const real = realInside(root, path);
    if (real === null) return;
    let st;
    try {
      st = statSync(real);
    } catch {
      return;
    }
    if (st.isFile()) {
      if (basename(path) === 'metrics.jsonl') {
        const dir = realInside(root, dirname(path));
        if (dir !== null && !runs.has(dir)) runs.set(dir, { path: dir, root, label: dirname(label) });
      } else if (!studies.has(real) && isStudyFile(real)) studies.set(real, { path: real, root, label });
      return;
    }
    if (!st.isDirectory()) return;
    if (isRunDir(root, real)) {
      if (!runs.has(real)) runs.set(real, { path: real, root, label });
      return;
    }
    if (depth === 0) return;
    let names: string[] = [];
    try {
      names = readdirSync(real).sort();
    } catch {
      return;
    }
    for (const name of names) if (!name.startsWith('.')) visit(root, join(real, name), `${label}/${name}`, depth - 1);
  };
  for (const p of paths) {
    const given = resolve(p);
    let st;
    try {
      st = statSync(given);
    } catch {
      continue;
    }
    // A given file is served from its folder; the label starts with that folder's name, so the
    // page never sees the absolute path.
    const top = st.isDirectory() ? given : dirname(given);
    const name = basename(top) || top;
    const label = st.isDirectory() ? name : `${name}/${basename(given)}`;
    // Two levels: runs/<run>/ and runs/<search>/study.db or runs/<search>/<trial run>/.
    visit(realOrSelf(top), given, label, 2);
  }
  return { runs: [...runs.values()], studies: [...studies.values()] };
}
