// A run directory's own files: creating the folder, refusing one that already holds a run (or
// clearing it for --overwrite), and removing temp files that a killed writer left behind. The
// caller holds the folder's lock (dir-lock.ts) while it uses these, so the contents cannot change
// under it.
import { lstatSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../errors.js';
import { CHECKPOINT_FILE } from '../../train/checkpoint.js';
import { LOCK_FILE } from '../../train/node/dir-lock.js';
import { makeFolders } from '../../train/node/make-folders.js';

/** The files a run writes into its directory (see trainFromConfig). */
export const RUN_FILES: readonly string[] = ['config.json', 'metrics.jsonl', CHECKPOINT_FILE, 'model.json', 'curves.svg'];

/**
 * Creates the run directory.
 * @throws DataError naming the folder when that is impossible (a file in the way, a read-only parent).
 */
export function makeRunDir(runDir: string): void {
  try {
    makeFolders(runDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const why = MKDIR_REASONS[code] ?? 'it cannot be created';
    throw new DataError(`cannot create the run directory: ${why}; pick another --out (${(error as Error).message})`, { file: runDir });
  }
  if (!statSync(runDir).isDirectory()) throw new DataError('exists and is not a folder; pick another --out', { file: runDir });
}

const MKDIR_REASONS: Readonly<Record<string, string>> = {
  ENOTDIR: 'a file stands where a folder of this path should be',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  // mkdir in an existing folder of a virtual file system (/proc) that takes no new entries.
  ENOENT: 'the folder above it takes no new folders',
};

/**
 * Readies a run directory for a fresh run: one that holds any run file is refused, unless
 * `overwrite`, which removes those files (and nothing else).
 * @throws DataError naming the folder and the run files in it, or naming a run file that is a
 * folder (never removed: it is not one of ours).
 */
export function claimRunDir(runDir: string, overwrite: boolean): void {
  const existing: string[] = [];
  for (const name of RUN_FILES) {
    const file = join(runDir, name);
    let stat;
    try {
      stat = lstatSync(file);
    } catch {
      continue;
    }
    if (stat.isDirectory()) {
      throw new DataError('is a folder, but a run keeps a file of this name here; move it away or pick another --out', { file });
    }
    existing.push(name);
  }
  if (existing.length === 0) return;
  if (!overwrite) {
    throw new DataError(
      `already holds a run (${existing.join(', ')}); continue it with descent train --resume ${runDir}, ` +
        'or start over with --overwrite, or pick another --out',
      { file: runDir },
    );
  }
  for (const name of existing) rmSync(join(runDir, name), { force: true });
}

/** The files whose temp files (`TARGET.PID.N.tmp`: atomic-write.ts, dir-lock.ts) a run directory may hold. */
const TEMP_TARGETS = new Set([...RUN_FILES.map((f) => `.${f}`), LOCK_FILE]);

/**
 * Removes the temp files of a run's files and of its lock whose writer died before renaming them;
 * those of live processes, and any other file, are left alone.
 */
export function removeStaleTempFiles(dir: string): void {
  for (const entry of readdirSync(dir)) {
    const match = /^(.+)\.(\d+)\.\d+\.tmp$/.exec(entry);
    if (match === null || !TEMP_TARGETS.has(match[1]!)) continue;
    const pid = Number(match[2]);
    if (pid === process.pid || processIsAlive(pid)) continue;
    rmSync(join(dir, entry), { force: true });
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
