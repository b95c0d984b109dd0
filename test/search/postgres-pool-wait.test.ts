// A PostgresStorage whose every connection is busy (queries hung on a cut network, or simply slow)
// makes the next operation wait for one. node-postgres gives up that wait after the connect timeout
// ("timeout exceeded when trying to connect"); the storage must treat it like a lost connection and
// keep trying, as it does for a connect that times out, instead of failing the operation: a worker
// cut off for longer than the connect timeout otherwise crashed and lost the result it held.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PostgresStorage } from '../../src/search/node/storage/postgres-storage.js';
import { uniform } from '../../src/search/space.js';
import { postgresUnavailable, startPostgresCluster, type PostgresCluster } from '../helpers/postgres-cluster.js';

const noPostgres = postgresUnavailable();
let cluster: PostgresCluster;

describe.skipIf(noPostgres !== null)('postgresql storage with every connection busy', () => {
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  afterAll(async () => cluster?.remove());

  it('an operation waiting for a connection longer than the connect timeout waits on, and succeeds', async () => {
    const url = await cluster.createDatabase('poolwait');
    const storage = new PostgresStorage(url, { maxConnections: 1, connectTimeoutMs: 200 });
    await storage.openStudy({ name: 's', direction: 'minimize', space: { x: uniform(0, 1) }, createdAt: 1 });
    // Another session locks the trials: the storage's one connection hangs in the first read, and
    // the second read waits for that connection.
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE descent_trials IN ACCESS EXCLUSIVE MODE');
    const first = storage.getTrials('s');
    const second = storage.getTrials('s').then(
      (trials) => ({ trials }),
      (error: unknown) => ({ error: String(error) }),
    );
    // Hold the lock until the server has seen the first read wait 2 s, ten connect timeouts, so
    // that the second read's wait for the connection has timed out several times.
    // (Asked from a third session: inside the locker's transaction the statistics would not move.)
    const observer = new pg.Client({ connectionString: url });
    await observer.connect();
    for (;;) {
      const { rows } = await observer.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND now() - query_start > interval '2 s'",
      );
      if ((rows[0] as { n: number }).n > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await observer.end();
    await locker.query('COMMIT');
    await locker.end();
    expect(await first).toEqual([]);
    expect(await second).toEqual({ trials: [] });
    await storage.close();
  }, 30_000);
});

describe.skipIf(noPostgres === null)(`postgresql storage with every connection busy (skipped: ${noPostgres})`, () => {
  it('is skipped here', () => {});
});
