// An exclusive lock on an output folder (a run directory or a search's output folder), so that two
// processes never write into one folder at once. The lock is a file `.lock` in the folder holding
// the owner's PID, host and process start time. It is created complete or not at all (written to a
// temp file, then hard-linked into place, which fails if the lock exists), so a reader never sees
// a half-written lock. A lock whose owner is dead (killed with -9, the machine rebooted) is taken
// over; the takeover itself is guarded by a second such file so that two processes finding the same
// stale lock cannot both take it.
import { closeSync, fstatSync, linkSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../../errors.js';

/** The lock file's name inside the locked folder. */
export const LOCK_FILE = '.lock';
const TAKEOVER_FILE = '.lock.takeover';

/** What a lock file records about its owner. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** The owner's start time in clock ticks since boot (Linux), to tell a reused PID from the owner. */
  readonly startTicks?: number;
  readonly since: string;
  readonly command?: string;
}

/** A held lock; release() removes it (once), and it is removed when the process exits. */
export interface DirLock {
  readonly dir: string;
  readonly file: string;
  release(): void;
}

/** Folders locked by this process, so a second lock from the same process is refused too. */
const held = new Map<string, DirLock>();
let exitHookInstalled = false;
let tempCounter = 0;

/**
 * Takes the exclusive lock of `dir` (which must exist) for this process.
 * @param what how the folder is named in the message, e.g. 'run directory'.
 * @throws DataError naming the folder and the holder's PID when another live process holds it.
 * @example const lock = acquireDirLock('runs/a', 'run directory'); try { ... } finally { lock.release(); }
 */
export function acquireDirLock(dir: string, what: string, command?: string): DirLock {
  const file = join(dir, LOCK_FILE);
  if (held.has(file)) throw new DataError(`the ${what} is already in use by this process (PID ${process.pid})`, { file: dir });
  const me = ownerRecord(command);
  // Two rounds: the second follows the takeover of a stale lock.
  for (let round = 0; round < 2; round++) {
    if (tryCreate(file, me)) return remember(dir, file);
    const owner = readOwner(file);
    if (owner === 'missing') continue; // released between our attempt and the read
    if (owner !== 'unreadable' && isAlive(owner)) throw inUse(dir, what, owner);
    if (owner === 'unreadable' && !staleUnreadable(file)) {
      throw new DataError(`the ${what} is locked (${LOCK_FILE} exists but names no owner yet); try again`, { file: dir });
    }
    takeOver(dir, what, file, owner);
  }
  throw new DataError(`the ${what} is being locked by another process at the same moment; try again`, { file: dir });
}

function remember(dir: string, file: string): DirLock {
  let released = false;
  const lock: DirLock = {
    dir,
    file,
    release() {
      if (released) return;
      released = true;
      held.delete(file);
      rmSync(file, { force: true });
    },
  };
  held.set(file, lock);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const l of [...held.values()]) l.release();
    });
  }
  return lock;
}

function inUse(dir: string, what: string, owner: LockOwner): DataError {
  const where = owner.host === hostname() ? '' : ` on host ${owner.host}`;
  const doing = owner.command === undefined ? '' : ` (${owner.command})`;
  return new DataError(
    `the ${what} is in use by process ${owner.pid}${where}${doing} since ${owner.since}; ` +
      'wait for it to finish or stop it, or choose another folder',
    { file: dir },
  );
}

/** Replaces a stale lock, guarded so that only one process does it. */
function takeOver(dir: string, what: string, file: string, stale: LockOwner | 'unreadable'): void {
  const guard = join(dir, TAKEOVER_FILE);
  const me = ownerRecord('takeover');
  if (!tryCreate(guard, me)) {
    const other = readOwner(guard);
    if (other !== 'missing' && other !== 'unreadable' && isAlive(other)) {
      throw new DataError(`the ${what} is being taken over from a dead process by process ${other.pid}; try again`, { file: dir });
    }
    // The guard's own owner died mid-takeover: clear it and let the next round retry.
    rmSync(guard, { force: true });
    return;
  }
  try {
    // Remove the lock only if it is still the stale one we judged (not a fresh lock made meanwhile).
    const now = readOwner(file);
    if (sameOwner(now, stale)) rmSync(file, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
}

function sameOwner(a: LockOwner | 'missing' | 'unreadable', b: LockOwner | 'unreadable'): boolean {
  if (a === 'missing') return false;
  if (a === 'unreadable' || b === 'unreadable') return a === b;
  return a.pid === b.pid && a.host === b.host && a.since === b.since && a.startTicks === b.startTicks;
}

/** Creates `file` holding `owner`, complete, unless it exists. */
function tryCreate(file: string, owner: LockOwner): boolean {
  const temp = `${file}.${process.pid}.${tempCounter++}.tmp`;
  const fd = openSync(temp, 'wx');
  try {
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new DataError(`cannot lock the folder: ${(error as Error).message}`, { file });
  } finally {
    rmSync(temp, { force: true });
  }
}

function readOwner(file: string): LockOwner | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string' || typeof value.since !== 'string') return 'unreadable';
    return value as LockOwner;
  } catch {
    return 'unreadable';
  }
}

/** A lock file that names no owner is left by an older or foreign writer; stale after a minute. */
function staleUnreadable(file: string): boolean {
  try {
    const ageMs = Date.now() - statMtime(file);
    return ageMs > 60_000;
  } catch {
    return true;
  }
}

function statMtime(file: string): number {
  const fd = openSync(file, 'r');
  try {
    return fstatSync(fd).mtimeMs;
  } finally {
    closeSync(fd);
  }
}

/** Whether the lock's owner still runs. A lock from another host is assumed live: we cannot see it. */
export function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  // Locks this process holds are in `held` (checked first); a file naming our PID otherwise was left
  // by an earlier process that had the same PID.
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A PID reused by an unrelated process since the owner died: its start time differs.
  if (owner.startTicks !== undefined) {
    const ticks = processStartTicks(owner.pid);
    if (ticks !== undefined && ticks !== owner.startTicks) return false;
  }
  return true;
}

function ownerRecord(command: string | undefined): LockOwner {
  const startTicks = processStartTicks(process.pid);
  return {
    pid: process.pid,
    host: hostname(),
    ...(startTicks === undefined ? {} : { startTicks }),
    since: new Date().toISOString(),
    ...(command === undefined ? {} : { command }),
  };
}

/** Field 22 of /proc/PID/stat (after the parenthesised command name); undefined off Linux. */
function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}
