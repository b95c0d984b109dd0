// What a PostgreSQL error means to the person running a search. A refused connection, a wrong
// password or a missing database are the user's setup, not bugs: they become a StudyError naming the
// database by its URL without the password (the CLI prints one line and exits 2). Which errors are
// worth trying again (a serialization conflict, a deadlock, a server restarting) is decided here too.
import { StudyError } from '../../search-error.js';

const MEANINGS: readonly (readonly [RegExp, string])[] = [
  [/^ECONNREFUSED$/, 'the connection was refused (is the server running and listening on that host and port?)'],
  [/^(ENOTFOUND|EAI_AGAIN)$/, 'the host name was not found'],
  [/^(ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)$/, 'the server could not be reached'],
  [/^ECONNRESET$/, 'the server closed the connection'],
  [/^28P01$/, 'the password was refused (check the URL, PGPASSWORD or ~/.pgpass)'],
  [/^28000$/, 'the server does not let this user connect from here (pg_hba.conf)'],
  [/^3D000$/, 'the database does not exist (create it first, e.g. createdb)'],
  [/^42501$/, 'permission denied (the user needs CREATE on the schema to make the study tables)'],
  [/^53300$/, 'the server has no connection slots left'],
  [/^57P0[1-3]$/, 'the server is shutting down or starting up'],
  [/^53100$/, 'the database server\'s disk is full'],
];

/** Messages node-postgres raises without a code. */
const UNCODED: readonly (readonly [RegExp, string])[] = [
  [/^SASL: .*password must be a string|^SASL: .*password must be a non-empty/, 'the server asks for a password and none was given (put it in the URL, PGPASSWORD or ~/.pgpass)'],
  [/does not support SSL/, 'the server does not accept TLS (use sslmode=disable to connect without)'],
  [/Connection terminated|timeout expired/i, 'the connection was lost or timed out'],
  [/^timeout exceeded when trying to connect/, 'every connection stayed busy for the connect timeout (a lost network or a stalled server)'],
];

/** SQLSTATEs after which the same transaction may simply run again. */
const RETRY_TRANSACTION = new Set(['40001', '40P01']);
/** Errors of a connection that was lost or could not be made (the server restarting, a network cut). */
// 25P03: the server ended our session for idling in a transaction (a link that was cut and came back).
const CONNECTION_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|57P0[1-3]|25P03|08\w{3})$/;

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Whether `error` is a serialization failure or a deadlock: the transaction lost a race, and running
 * it again is correct.
 * @example isRetryableTransaction(Object.assign(new Error('deadlock detected'), { code: '40P01' })); //=> true
 */
export function isRetryableTransaction(error: unknown): boolean {
  return RETRY_TRANSACTION.has(codeOf(error) ?? '');
}

/**
 * Whether `error` says the connection to the server was lost or could not be made.
 * @example isConnectionLoss(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })); //=> true
 */
export function isConnectionLoss(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined) return CONNECTION_CODES.test(code);
  // node-postgres's pool says "timeout exceeded when trying to connect" when all its connections stay
  // busy, e.g. hung on a cut network: that outage is retried like a connect that timed out.
  return error instanceof Error &&
    /Connection terminated|server closed the connection|timeout expired|timeout exceeded when trying to connect|not queryable/i.test(error.message);
}

/**
 * A StudyError naming the database (`display`, the URL without password) for an error about the
 * connection, the login or the server; any other error is returned as it is. `secret`, when given,
 * is cut out of the message in case a driver ever echoes it.
 * @example postgresFailure('postgresql://me@db/x', Object.assign(new Error('database "x" does not exist'), { code: '3D000' }));
 * //=> StudyError 'PostgreSQL study storage postgresql://me@db/x: the database does not exist (...)'
 */
export function postgresFailure(display: string, error: unknown, secret: string | null = null): unknown {
  if (!(error instanceof Error) || error instanceof StudyError) return error;
  const code = codeOf(error);
  const meaning =
    (code === undefined ? undefined : MEANINGS.find(([p]) => p.test(code))?.[1]) ??
    UNCODED.find(([p]) => p.test(error.message))?.[1];
  if (meaning === undefined) return error;
  let detail = error.message.split('\n')[0] ?? '';
  if (secret !== null && secret !== '') detail = detail.split(secret).join('***');
  return new StudyError(
    `PostgreSQL study storage ${display}: ${meaning} (${code === undefined ? '' : `${code}: `}${detail})`,
    { cause: error },
  );
}
