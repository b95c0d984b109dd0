// Hosts whose clocks differ share one study: every timestamp PostgresStorage writes is the database
// server's, and stale heartbeats are judged on that clock. Here one "host" runs an hour behind (its
// Date.now shifted for the calls it makes): its fresh trial must not look an hour old to a host with
// the right time, and a trial whose heartbeat really stopped is still failed after the grace period.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { staleReason } from '../../src/search/owner.js';
import { PostgresStorage } from '../../src/search/node/storage/postgres-storage.js';
import type { StudyRecord } from '../../src/search/storage/storage.js';
import { uniform } from '../../src/search/space.js';
import { postgresUnavailable, startPostgresCluster, type PostgresCluster } from '../helpers/postgres-cluster.js';

const noPostgres = postgresUnavailable();
let cluster: PostgresCluster;
const study: StudyRecord = { name: 'skew', direction: 'minimize', space: { x: uniform(0, 1) }, createdAt: 1 };
const HOUR = 3_600_000;
/** Other hosts: liveness unknown from here, so only the heartbeat counts. */
const remote = { current: () => ({ host: 'here', pid: 1, start: null }), isAlive: () => null };

describe.skipIf(noPostgres !== null)('postgresql storage across hosts with different clocks', () => {
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  afterAll(async () => cluster?.remove());

  it('a trial claimed by a host an hour behind is not stale to another host; one silent past the grace period is', async () => {
    const url = await cluster.createDatabase('skew');
    const behind = new PostgresStorage(url);
    const onTime = new PostgresStorage(url);
    await onTime.openStudy(study);
    const realNow = Date.now.bind(Date);
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => realNow() - HOUR);
    let trial;
    try {
      trial = await behind.createTrial('skew', () => ({ params: { x: 0.5 }, stage: 0, attrs: {} }), { host: 'behind', pid: 7, start: null });
      await behind.heartbeat('skew', [0]);
    } finally {
      clock.mockRestore();
    }
    expect(typeof trial).toBe('object');
    // A 60 s grace period: with the slow host's clock in the row, the trial would look an hour old.
    expect(await onTime.failTrials('skew', (t, now) => staleReason(t, now, 60_000, remote))).toEqual([]);
    const stored = await onTime.getTrial('skew', 0);
    expect(Math.abs(stored!.heartbeatAt! - Date.now())).toBeLessThan(60_000);
    // The heartbeat stops; with a grace of 1 ms the trial is stale on the server's clock.
    for (const deadline = Date.now() + 5_000; ;) {
      const failed = await onTime.failTrials('skew', (t, now) => staleReason(t, now, 1, remote));
      if (failed.length > 0) {
        expect(failed).toEqual([0]);
        break;
      }
      if (Date.now() > deadline) throw new Error('the silent trial was never failed');
    }
    expect((await onTime.getTrial('skew', 0))!.state).toBe('failed');
    await behind.close();
    await onTime.close();
  }, 60_000);
});
