// The owners of trials in a study that processes share (a SQLite file, a database): a trial left
// "running" by a process that was killed must be marked failed on resume. Same host: the pid must exist and (on Linux) have
// the same start time, which sees through pid reuse. Other hosts: only a stale heartbeat tells.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { staleReason as staleReasonWith, type OwnerProbe } from '../owner.js';
import type { Owner, TrialRecord } from '../trial.js';

/** Fields 3.. of /proc/<pid>/stat (state first), or null where there is no /proc or no such pid. */
function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** The start time of a process in clock ticks since boot (field 22 of /proc/<pid>/stat), or null. */
function processStart(pid: number): string | null {
  return procStat(pid)?.[19] ?? null;
}

/**
 * The owner record of this process.
 * @example currentOwner().pid === process.pid; //=> true
 */
export function currentOwner(): Owner {
  return { host: hostname(), pid: process.pid, start: processStart(process.pid) };
}

/**
 * Whether the owner's process still runs: true, false, or null when this host cannot tell
 * (the owner is on another machine).
 * @example isOwnerAlive(currentOwner()); //=> true
 */
export function isOwnerAlive(owner: Owner): boolean | null {
  if (owner.host !== hostname()) return null;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(owner.pid);
  if (stat === null) return true;
  // A killed child that its parent has not reaped yet is a zombie: it exists but runs nothing.
  if (stat[0] === 'Z' || stat[0] === 'X') return false;
  return owner.start === null || stat[19] === owner.start;
}

/** Liveness of the processes that share a study, read from this machine's process table. */
export const processOwners: OwnerProbe = { current: currentOwner, isAlive: isOwnerAlive };

/**
 * staleReason with this machine's process table as the judge of liveness.
 * @example staleReason(trial, Date.now(), 600_000); //=> 'left running by process 4242 on host-a, which is gone' or null
 */
export function staleReason(trial: TrialRecord, now: number, staleAfterMs: number): string | null {
  return staleReasonWith(trial, now, staleAfterMs, processOwners);
}
