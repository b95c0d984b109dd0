// A PostgreSQL study location, `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=...]`, read into
// the connection settings of node-postgres. Parsed here rather than by pg's own connection-string
// reader so that every mistake is a ConfigError naming the part that is wrong, sslmode keeps libpq's
// meaning, and the password can be cut out of everything shown to a person (redactUrl).
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../../errors.js';

/** The ssl setting node-postgres takes: off, or TLS options. */
export type PostgresSsl = false | { readonly rejectUnauthorized: boolean; readonly ca?: string; readonly checkServerIdentity?: () => undefined };

/** Where a PostgreSQL study lives and how to reach it. */
export interface PostgresLocation {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** From the URL; null: PGPASSWORD or ~/.pgpass (postgres-password.ts) or none. */
  readonly password: string | null;
  readonly ssl: PostgresSsl;
  /** The URL without its password, for messages, logs and files. */
  readonly display: string;
}

const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
const KNOWN_PARAMS = new Set(['sslmode', 'sslrootcert']);

/**
 * Whether a --storage value names a PostgreSQL database rather than a SQLite file.
 * @example isPostgresUrl('postgresql://me@db/studies'); //=> true
 */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * `url` with any password (before the host, or a password= parameter) replaced by `***`; text
 * that is not a PostgreSQL URL comes back unchanged.
 * @example redactUrl('postgresql://me:secret@db/studies'); //=> 'postgresql://me:***@db/studies'
 */
export function redactUrl(url: string): string {
  if (!isPostgresUrl(url)) return url;
  return url
    .replace(/^(postgres(?:ql)?:\/\/[^:@/?#]*):[^@/?#]*@/i, '$1:***@')
    .replace(/([?&]password=)[^&#]*/gi, '$1***');
}

function sslOf(mode: string | null, rootCert: string | null, path: string): PostgresSsl {
  if (mode === null || mode === 'disable') {
    if (rootCert !== null) throw new ConfigError(path, 'sslrootcert needs sslmode=verify-ca or verify-full');
    return false;
  }
  if (!(SSL_MODES as readonly string[]).includes(mode)) {
    throw new ConfigError(
      path,
      `sslmode=${mode} is not supported; use one of ${SSL_MODES.join(', ')} ` +
        '(node-postgres cannot fall back from TLS to a plain connection, which prefer and allow need)',
    );
  }
  if (mode === 'require') return { rejectUnauthorized: false };
  let ca: string | undefined;
  if (rootCert !== null) {
    try {
      ca = readFileSync(rootCert, 'utf8');
    } catch (error) {
      throw new ConfigError(path, `cannot read sslrootcert ${rootCert}: ${(error as Error).message}`);
    }
  }
  const checked = ca === undefined ? { rejectUnauthorized: true } : { rejectUnauthorized: true, ca };
  // verify-ca checks the certificate chain but not that it names this host (libpq's meaning).
  return mode === 'verify-ca' ? { ...checked, checkServerIdentity: () => undefined } : checked;
}

/**
 * Reads a PostgreSQL URL. The user defaults to PGUSER (then the login name), the port to 5432.
 * @throws ConfigError (field `path`) for a malformed URL, a missing host or database, an unknown
 * parameter or an sslmode node-postgres cannot honour; the message never holds the password.
 * @example parsePostgresUrl('postgresql://me@127.0.0.1:5433/studies').port; //=> 5433
 */
export function parsePostgresUrl(
  url: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  path = 'storage',
): PostgresLocation {
  const display = redactUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(path, `${display} is not a valid URL; expected postgresql://USER@HOST:PORT/DATABASE`);
  }
  if (!/^postgres(ql)?:$/i.test(parsed.protocol))
    throw new ConfigError(path, `${display}: expected a postgresql:// URL`);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new ConfigError(path, `${display}: the URL names no host; expected postgresql://USER@HOST:PORT/DATABASE`);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/'))
    throw new ConfigError(path, `${display}: give the database after the host, as in postgresql://USER@HOST:PORT/DATABASE`);
  for (const key of parsed.searchParams.keys()) {
    if (!KNOWN_PARAMS.has(key))
      throw new ConfigError(path, `${display}: unknown parameter "${key}" (known: ${[...KNOWN_PARAMS].join(', ')})`);
  }
  const user = decodeURIComponent(parsed.username) || env.PGUSER || env.USER || env.LOGNAME || 'postgres';
  return {
    host,
    port: parsed.port === '' ? 5432 : Number(parsed.port),
    user,
    database,
    password: parsed.password === '' ? null : decodeURIComponent(parsed.password),
    ssl: sslOf(parsed.searchParams.get('sslmode'), parsed.searchParams.get('sslrootcert'), path),
    display,
  };
}
