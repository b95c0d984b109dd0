// Who runs a trial, and how a study tells whether that runner is still alive: a trial left "running"
// by a runner that died must be marked failed on resume. Where the answer comes from depends on where
// the storage is shared: a study in memory has one runner (this program); one in a file or database
// is shared by processes, whose liveness node/process-owner.ts reads from the operating system.
import type { Owner, TrialRecord } from './trial.js';

/** Names this runner and judges other runners' liveness. */
export interface OwnerProbe {
  /** The owner record of this runner. */
  current(): Owner;
  /** true or false when this runner can tell; null when it cannot (then only a stale heartbeat counts). */
  isAlive(owner: Owner): boolean | null;
}

/** The probe of a study no other program can see: this runner, always alive while it runs. */
export const inProcessOwners: OwnerProbe = {
  current: () => ({ host: 'this-program', pid: 0, start: null }),
  isAlive: (owner) => (owner.host === 'this-program' && owner.pid === 0 ? true : null),
};

/**
 * Why a running trial should be marked failed, or null when it may still be running: its owner
 * died, or (liveness unknown here) its heartbeat is older than `staleAfterMs`.
 * Detached trials (no owner) are never reaped.
 * @example staleReason(trial, Date.now(), 600_000, inProcessOwners); //=> null while this program runs it
 */
export function staleReason(trial: TrialRecord, now: number, staleAfterMs: number, probe: OwnerProbe): string | null {
  if (trial.state !== 'running' || trial.owner === null) return null;
  const alive = probe.isAlive(trial.owner);
  const { host, pid } = trial.owner;
  if (alive === false) return `left running by process ${pid} on ${host}, which is gone`;
  if (alive === null) {
    const last = trial.heartbeatAt ?? trial.startedAt;
    if (now - last > staleAfterMs) {
      return `no heartbeat from process ${pid} on ${host} for ${Math.round((now - last) / 1000)} s`;
    }
  }
  return null;
}
