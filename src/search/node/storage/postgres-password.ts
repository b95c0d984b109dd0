// The password of a PostgreSQL study when the URL holds none: PGPASSWORD, then the password file
// (PGPASSFILE, default ~/.pgpass) in libpq's format. Read here instead of by node-postgres, whose own
// ~/.pgpass support is deprecated and prints a warning to the person running the search.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The parts of a connection a password file line is matched against. */
export interface PasswordKey {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
}

/** The fields of one password file line: `:` and `\` are escaped with `\`. */
function fields(line: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) current += line[++i]!;
    else if (c === ':') {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

/**
 * The password a password file's text gives for `key`: the first line whose host, port, database
 * and user each equal the key's or are `*`; null when none matches.
 * @example passwordFromFile('db:5432:*:me:pw\n', { host: 'db', port: 5432, database: 'x', user: 'me' }); //=> 'pw'
 */
export function passwordFromFile(text: string, key: PasswordKey): string | null {
  const wanted = [key.host, String(key.port), key.database, key.user];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    const parts = fields(raw);
    if (parts.length < 5) continue;
    const matches = wanted.every((w, i) => parts[i] === '*' || parts[i] === w);
    if (matches) return parts.slice(4).join(':');
  }
  return null;
}

/**
 * PGPASSWORD, else the matching line of the password file, else null (no password: trust or peer
 * authentication). libpq ignores a password file that others can read; so does this.
 * @example postgresPassword({ host: 'db', port: 5432, database: 'x', user: 'me' }, { PGPASSWORD: 'pw' }); //=> 'pw'
 */
export function postgresPassword(
  key: PasswordKey,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | null {
  if (env.PGPASSWORD !== undefined && env.PGPASSWORD !== '') return env.PGPASSWORD;
  const file = env.PGPASSFILE ?? join(homedir(), '.pgpass');
  try {
    if ((statSync(file).mode & 0o077) !== 0) return null;
    return passwordFromFile(readFileSync(file, 'utf8'), key);
  } catch {
    return null;
  }
}
