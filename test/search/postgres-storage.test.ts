// PostgreSQL study storage against a real server (a throwaway cluster): schema creation when many
// processes start at once, claims racing from many connections, a server restart, and the errors
// of a wrong password, a missing database, a refused connection and a missing password.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { StudyError } from '../../src/search/search-error.js';
import { PostgresStorage } from '../../src/search/node/storage/postgres-storage.js';
import { SCHEMA_VERSION } from '../../src/search/node/storage/postgres-schema.js';
import type { StudyRecord } from '../../src/search/storage/storage.js';
import { uniform } from '../../src/search/space.js';
import { PG_PASSWORD, PG_USER, postgresUnavailable, startPostgresCluster, type PostgresCluster } from '../helpers/postgres-cluster.js';

const noPostgres = postgresUnavailable();
let cluster: PostgresCluster;
const study: StudyRecord = { name: 's', direction: 'minimize', space: { x: uniform(0, 1) }, createdAt: 1 };
const proposal = { params: {}, stage: 0, attrs: {} };

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(noPostgres !== null)('postgresql storage against a server', () => {
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  afterAll(async () => cluster?.remove());

  it('creates the schema once when eight processes start at the same moment', async () => {
    const url = await cluster.createDatabase('schema');
    const storages = Array.from({ length: 8 }, () => new PostgresStorage(url));
    const lists = await Promise.all(storages.map((s) => s.listStudies()));
    expect(lists).toEqual(Array.from({ length: 8 }, () => []));
    await Promise.all(storages.map((s) => s.close()));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT version FROM descent_schema');
    await client.end();
    expect(rows).toEqual([{ version: SCHEMA_VERSION }]);
  });

  it('refuses a database whose tables are a newer schema version', async () => {
    const url = await cluster.createDatabase('newer');
    const first = new PostgresStorage(url);
    await first.listStudies();
    await first.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('UPDATE descent_schema SET version = 99');
    await client.end();
    const later = new PostgresStorage(url);
    const error = await errorOf(later.listStudies());
    await later.close();
    expect(error).toBeInstanceOf(StudyError);
    expect(error.message).toMatch(/schema version 99, newer than this descent knows \(1\)/);
  });

  it('gives unique numbers and never overruns the budget when eight connections race for 30 trials', async () => {
    const url = await cluster.createDatabase('race');
    const storages = Array.from({ length: 8 }, () => new PostgresStorage(url));
    await storages[0]!.openStudy(study);
    const claimed = await Promise.all(
      storages.map(async (s) => {
        const mine: number[] = [];
        for (;;) {
          const t = await s.createTrial('s', (trials) => (trials.length >= 30 ? 'done' : proposal), null);
          if (t === 'done' || t === 'wait') return mine;
          mine.push(t.number);
        }
      }),
    );
    const all = claimed.flat().sort((a, b) => a - b);
    expect(all).toEqual([...Array(30).keys()]);
    const trials = await storages[0]!.getTrials('s');
    expect(trials.map((t) => t.number)).toEqual([...Array(30).keys()]);
    await Promise.all(storages.map((s) => s.close()));
  });

  it('rides out a server restart: a claim made while the server is down lands once it is back', async () => {
    const url = await cluster.createDatabase('restart');
    const s = new PostgresStorage(url);
    await s.openStudy(study);
    await s.createTrial('s', () => proposal, null);
    cluster.stopNow();
    const pending = s.createTrial('s', () => proposal, null);
    cluster.start();
    const t = await pending;
    expect(t !== 'wait' && t !== 'done' && t.number).toBe(1);
    expect((await s.getTrials('s')).map((x) => x.number)).toEqual([0, 1]);
    await s.close();
  }, 60_000);

  describe('says what is wrong with the connection, without the password', () => {
    const check = async (url: string, message: RegExp): Promise<void> => {
      const s = new PostgresStorage(url, { reconnectMs: 0 });
      const error = await errorOf(s.openStudy(study));
      await s.close();
      expect(error).toBeInstanceOf(StudyError);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain(PG_PASSWORD);
      expect(error.message).not.toContain('wrong-secret');
      expect(error.message.split('\n')).toHaveLength(1);
    };

    it('a wrong password', async () => {
      await check(`postgresql://${PG_USER}:wrong-secret@127.0.0.1:${cluster.port}/postgres`, /:\*\*\*@127\.0\.0\.1.*the password was refused.*28P01/);
    });

    it('a missing database', async () => {
      await check(cluster.url('no_such_db'), /the database does not exist.*3D000/);
    });

    it('a refused connection', async () => {
      await check(`postgresql://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${await closedPort()}/postgres`, /the connection was refused/);
    });

    it('no password anywhere', async () => {
      vi.stubEnv('PGPASSWORD', '');
      vi.stubEnv('PGPASSFILE', '/nonexistent/pgpass');
      try {
        await check(`postgresql://${PG_USER}@127.0.0.1:${cluster.port}/postgres`, /asks for a password and none was given/);
      } finally {
        vi.unstubAllEnvs();
      }
    });

    it('takes the password from PGPASSWORD when the URL has none', async () => {
      vi.stubEnv('PGPASSWORD', PG_PASSWORD);
      try {
        const s = new PostgresStorage(`postgresql://${PG_USER}@127.0.0.1:${cluster.port}/postgres`);
        expect(await s.listStudies()).toEqual([]);
        await s.close();
      } finally {
        vi.unstubAllEnvs();
      }
    });
  });
});

describe.skipIf(noPostgres === null)(`postgresql storage against a server (skipped: ${noPostgres})`, () => {
  it('is skipped here', () => {});
});
