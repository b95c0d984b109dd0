// Reading a PostgreSQL study URL, its password sources and what its errors mean; no server needed.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { StudyError } from '../../src/search/search-error.js';
import { isConnectionLoss, isRetryableTransaction, postgresFailure } from '../../src/search/node/storage/postgres-failure.js';
import { passwordFromFile, postgresPassword } from '../../src/search/node/storage/postgres-password.js';
import { isPostgresUrl, parsePostgresUrl, redactUrl } from '../../src/search/node/storage/postgres-url.js';

const env = { PGUSER: 'envuser' };

describe('parsePostgresUrl', () => {
  it('reads host, port, user, database and password', () => {
    expect(parsePostgresUrl('postgresql://me:s%40cret@db.lan:5433/studies', env)).toEqual({
      host: 'db.lan',
      port: 5433,
      user: 'me',
      database: 'studies',
      password: 's@cret',
      ssl: false,
      display: 'postgresql://me:***@db.lan:5433/studies',
    });
  });

  it('defaults the port to 5432 and the user to PGUSER, and takes postgres://', () => {
    expect(parsePostgresUrl('postgres://db/x', env)).toMatchObject({ port: 5432, user: 'envuser', password: null });
  });

  it('honours sslmode with libpq meanings', () => {
    expect(parsePostgresUrl('postgresql://me@db/x?sslmode=disable', env).ssl).toBe(false);
    expect(parsePostgresUrl('postgresql://me@db/x?sslmode=require', env).ssl).toEqual({ rejectUnauthorized: false });
    expect(parsePostgresUrl('postgresql://me@db/x?sslmode=verify-full', env).ssl).toEqual({ rejectUnauthorized: true });
    const verifyCa = parsePostgresUrl('postgresql://me@db/x?sslmode=verify-ca', env).ssl;
    expect(verifyCa).toMatchObject({ rejectUnauthorized: true });
    expect(verifyCa !== false && verifyCa.checkServerIdentity?.()).toBeUndefined();
    expect(verifyCa !== false && typeof verifyCa.checkServerIdentity).toBe('function');
  });

  it.each([
    ['postgresql://me:hunter2@/x', /not a valid URL/],
    ['postgresql:///x', /names no host/],
    ['postgresql://db/x?password=hunter2', /unknown parameter "password"/],
    ['postgresql://me:hunter2@db', /give the database/],
    ['postgresql://me:hunter2@db:99999/x', /not a valid URL/],
    ['postgresql://me:hunter2@db/x?sslmode=prefer', /sslmode=prefer is not supported/],
    ['postgresql://me:hunter2@db/x?sslmode=bogus', /sslmode=bogus is not supported/],
    ['postgresql://me:hunter2@db/x?pool=3', /unknown parameter "pool"/],
  ])('refuses %s with a ConfigError that hides the password', (url, message) => {
    let caught: unknown;
    try {
      parsePostgresUrl(url, env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).toMatch(/^storage: /);
    expect((caught as Error).message).not.toContain('hunter2');
  });

  it('tells URLs from file paths and redacts only the password', () => {
    expect(isPostgresUrl('postgresql://db/x')).toBe(true);
    expect(isPostgresUrl('POSTGRES://db/x')).toBe(true);
    expect(isPostgresUrl('runs/study.sqlite')).toBe(false);
    expect(redactUrl('postgresql://me:a:b@db/x')).toBe('postgresql://me:***@db/x');
    expect(redactUrl('postgresql://me@db/x')).toBe('postgresql://me@db/x');
    expect(redactUrl('postgresql://db/x?sslmode=require&password=p%40ss&a=1')).toBe('postgresql://db/x?sslmode=require&password=***&a=1');
    expect(redactUrl('study.db')).toBe('study.db');
  });
});

describe('the password of a connection', () => {
  const key = { host: 'db', port: 5432, database: 'studies', user: 'me' };

  it('takes the first matching password file line, with * and escapes', () => {
    const text = [
      '# comment',
      'other:5432:*:me:wrong',
      'db:5432:studies:you:wrong',
      'db:*:studies:me:p\\:w\\\\1',
      '*:*:*:*:later',
    ].join('\n');
    expect(passwordFromFile(text, key)).toBe('p:w\\1');
    expect(passwordFromFile('*:*:*:*:any', key)).toBe('any');
    expect(passwordFromFile('db:5433:*:me:x', key)).toBeNull();
  });

  it('prefers PGPASSWORD, reads PGPASSFILE, and ignores a password file others can read', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'descent-pgpass-')), 'pgpass');
    writeFileSync(file, 'db:5432:studies:me:from-file\n', { mode: 0o600 });
    expect(postgresPassword(key, { PGPASSWORD: 'from-env', PGPASSFILE: file })).toBe('from-env');
    expect(postgresPassword(key, { PGPASSFILE: file })).toBe('from-file');
    chmodSync(file, 0o644);
    expect(postgresPassword(key, { PGPASSFILE: file })).toBeNull();
    expect(postgresPassword(key, { PGPASSFILE: join(file, 'missing') })).toBeNull();
  });
});

describe('PostgreSQL errors', () => {
  const coded = (code: string, message: string): Error => Object.assign(new Error(message), { code });

  it('names the database without its password and says what went wrong', () => {
    const failure = postgresFailure('postgresql://me:***@db/x', coded('28P01', 'password authentication failed for user "me" hunter2'), 'hunter2');
    expect(failure).toBeInstanceOf(StudyError);
    expect((failure as Error).message).toBe(
      'PostgreSQL study storage postgresql://me:***@db/x: the password was refused (check the URL, PGPASSWORD or ~/.pgpass) (28P01: password authentication failed for user "me" ***)',
    );
    expect((postgresFailure('u', coded('3D000', 'database "x" does not exist')) as Error).message).toMatch(/the database does not exist/);
    expect((postgresFailure('u', coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')) as Error).message).toMatch(/connection was refused/);
  });

  it('returns errors it does not know unchanged', () => {
    const other = coded('42P01', 'relation "nope" does not exist');
    expect(postgresFailure('u', other)).toBe(other);
  });

  it('retries serialization failures and deadlocks, and knows a lost connection', () => {
    expect(isRetryableTransaction(coded('40001', 'could not serialize access'))).toBe(true);
    expect(isRetryableTransaction(coded('40P01', 'deadlock detected'))).toBe(true);
    expect(isRetryableTransaction(coded('23505', 'duplicate key'))).toBe(false);
    expect(isConnectionLoss(coded('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionLoss(coded('28P01', 'password authentication failed'))).toBe(false);
  });
});
