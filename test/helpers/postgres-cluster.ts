// A throwaway PostgreSQL cluster for tests (fsync off for speed; commits stay synchronous so that an
// immediate stop, which the restart tests use, loses nothing committed): initdb and pg_ctl in a temporary folder, listening on a
// free port of 127.0.0.1 only (unless options name other addresses, a network namespace and client networks),
// with password (SCRAM) authentication over TCP. Never a system service.
// initdb refuses to run as root, so as root (CI) the server runs as the `postgres` user that Debian's
// package creates (or DESCENT_PG_USER), with the folder handed to it.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The login the tests use; the password is in every URL the cluster gives. */
export const PG_USER = 'descent';
export const PG_PASSWORD = 'pw-Zq8-never-printed';

const inCi = process.env['CI'] === 'true';

/** The folder of initdb and pg_ctl: PG_BIN, else the newest /usr/lib/postgresql/N/bin, else null. */
function findBinaries(): string | null {
  const candidates: string[] = [];
  if (process.env['PG_BIN'] !== undefined) candidates.push(process.env['PG_BIN']);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(root, v, 'bin')));
  }
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

/**
 * Why PostgreSQL tests cannot run here, or null when they can. Under CI=true a missing server
 * throws instead: .ci/run installs it, so its absence is a broken CI, not a reason to skip.
 */
export function postgresUnavailable(): string | null {
  const bin = findBinaries();
  if (bin !== null) return null;
  const reason = 'no PostgreSQL server binaries (initdb, pg_ctl) found: install postgresql or set PG_BIN';
  if (inCi) throw new Error(`${reason}; .ci/run installs Debian's postgresql, so CI must have them`);
  return reason;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Where and how a cluster listens; the defaults are 127.0.0.1 in this network namespace. A cluster
 * started in another namespace is reached from here through its Unix socket folder (`socketDir`),
 * which the namespaces share because they share the file system.
 */
export interface PostgresClusterOptions {
  /** Run the server inside this network namespace (`ip netns exec`; needs root). */
  readonly netns?: string;
  /** The server's listen_addresses (default ['127.0.0.1']). */
  readonly listenAddresses?: readonly string[];
  /** Further client networks (CIDR) allowed to log in with the password, e.g. '10.231.0.0/16'. */
  readonly allowNetworks?: readonly string[];
}

/** A running throwaway cluster. */
export interface PostgresCluster {
  readonly port: number;
  /** The folder of the server's Unix socket (trust authentication for PG_USER). */
  readonly socketDir: string;
  /** The URL of database `db`, with the test password in it. */
  url(db: string): string;
  /** Creates a fresh database and returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  /** Stops the server at once (as a crash would), or starts it again. */
  stopNow(): void;
  start(): void;
  /** Stops the server and removes its folder. */
  remove(): Promise<void>;
}

let databases = 0;

/**
 * Starts a cluster; call remove() in afterAll.
 * @example const cluster = await startPostgresCluster(); const url = await cluster.createDatabase();
 */
export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const bin = findBinaries();
  if (bin === null) throw new Error(postgresUnavailable() ?? 'no PostgreSQL');
  const root = process.getuid?.() === 0;
  const runAs = process.env['DESCENT_PG_USER'] ?? 'postgres';
  const dir = mkdtempSync(join(tmpdir(), 'descent-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${PG_PASSWORD}\n`, { mode: 0o600 });
  const owner = root ? Number(execFileSync('id', ['-u', runAs]).toString().trim()) : undefined;
  const group = root ? Number(execFileSync('id', ['-g', runAs]).toString().trim()) : undefined;
  if (owner !== undefined && group !== undefined) {
    chownSync(dir, owner, group);
    chownSync(pwfile, owner, group);
  }
  // Only the server's start needs its namespace (the server inherits it); initdb and pg_ctl stop do
  // not, so a cluster whose namespace is already gone can still be stopped.
  const exec = (tool: string, args: string[], inNetns = false): void => {
    const [plain, plainArgs] = root ? ['runuser', ['-u', runAs, '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    const [cmd, full] = options.netns === undefined || !inNetns ? [plain, plainArgs] : ['ip', ['netns', 'exec', options.netns, plain, ...plainArgs]];
    const result = spawnSync(cmd, full, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${tool} failed (${result.status}): ${result.stderr}${result.stdout}`);
  };
  exec('initdb', ['-D', data, '-U', PG_USER, `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync', '-E', 'UTF8']);
  for (const network of options.allowNetworks ?? []) {
    appendFileSync(join(data, 'pg_hba.conf'), `host all all ${network} scram-sha-256\n`);
  }
  const port = await freePort();
  const listen = (options.listenAddresses ?? ['127.0.0.1']).join(',');
  const serverOptions = `-c listen_addresses=${listen} -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off -c max_connections=200`;
  const start = (): void => exec('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(dir, 'server.log'), '-w', 'start'], true);
  start();
  const url = (db: string): string => `postgresql://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${db}`;
  // A server in another namespace is not on this namespace's 127.0.0.1: administer it through its socket.
  const adminConfig = options.netns === undefined
    ? { connectionString: url('postgres') }
    : { host: dir, port, user: PG_USER, database: 'postgres' };
  return {
    port,
    socketDir: dir,
    url,
    async createDatabase(prefix = 'test') {
      const name = `${prefix}_${process.pid}_${++databases}`;
      const admin = new pg.Client(adminConfig);
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    stopNow: () => exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    start,
    async remove() {
      try {
        exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
