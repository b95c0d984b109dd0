import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { currentOwner, isOwnerAlive, staleReason } from '../../src/search/node/process-owner.js';
import type { Owner, TrialRecord } from '../../src/search/trial.js';

function running(owner: Owner | null, heartbeatAt: number): TrialRecord {
  return {
    number: 0,
    state: 'running',
    params: {},
    value: null,
    intermediate: [],
    error: null,
    stage: 0,
    attrs: {},
    startedAt: 0,
    finishedAt: null,
    durationMs: null,
    owner,
    heartbeatAt,
  };
}

// Linux pid_max is at most 2^22, so this pid cannot exist.
const GONE: Owner = { host: hostname(), pid: 2 ** 22 + 7, start: null };

describe('trial owners', () => {
  it('sees this process alive, a missing pid dead, and a reused pid (other start time) dead', () => {
    const me = currentOwner();
    expect(isOwnerAlive(me)).toBe(true);
    expect(isOwnerAlive(GONE)).toBe(false);
    if (me.start !== null) expect(isOwnerAlive({ ...me, start: `${me.start}1` })).toBe(false);
    expect(isOwnerAlive({ ...me, host: `${hostname()}-elsewhere` })).toBeNull();
  });

  it('reaps dead owners at once, other hosts only after staleAfterMs, detached trials never', () => {
    const now = 1_000_000;
    expect(staleReason(running(GONE, now), now, 60_000)).toContain(`process ${GONE.pid}`);
    expect(staleReason(running(currentOwner(), 0), now, 60_000)).toBeNull();
    const far: Owner = { host: 'far-away', pid: 1, start: null };
    expect(staleReason(running(far, now - 59_000), now, 60_000)).toBeNull();
    expect(staleReason(running(far, now - 61_000), now, 60_000)).toContain('no heartbeat');
    expect(staleReason(running(null, 0), now, 1)).toBeNull();
  });
});
