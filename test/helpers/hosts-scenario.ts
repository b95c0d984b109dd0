// The multi-host scenario of a PostgreSQL study: the server in one network namespace, three workers
// in three others (each its own host name, each joined to the server by its own link), and one
// worker's link cut while that worker runs a trial. Its objective returns during the cut, so its
// result waits in the worker until the link comes back. Two endings:
//   'reaped':   the link stays down past the grace period; the other workers fail the silent trial,
//               retry its parameters and finish the study; then the link returns and the late result
//               is refused (the trial stays failed, its retry counts).
//   'buffered': the link returns within the grace period; the late result is written, and counts.
// Used by test/search/postgres-hosts.test.ts and tools/scenario-hosts.ts (npm run scenario:hosts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { createHostNetwork, onHost } from './netns.js';
import { PG_USER, startPostgresCluster } from './postgres-cluster.js';

const worker = fileURLToPath(new URL('../search/fixtures/host-worker.ts', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** How the scenario runs. */
export interface HostsScenarioOptions {
  /** The study's total of finished trials. */
  readonly trials: number;
  readonly ending: 'reaped' | 'buffered';
  /** Every worker's grace period for a silent trial of another host (staleAfterMs). */
  readonly graceMs: number;
  /** Where to say what happens (default: nowhere). */
  readonly log?: (line: string) => void;
  /** The longest any one wait may take before the scenario gives up (default 60 000 ms). */
  readonly patienceMs?: number;
}

/** A trial as the database holds it, read with plain SQL (not through the storage under test). */
export interface StoredTrial {
  readonly number: number;
  readonly state: string;
  readonly x: number;
  readonly value: number | null;
  readonly error: string | null;
  readonly attrs: Record<string, unknown>;
  readonly host: string;
}

/** How one worker ended: exit code, the host it ran on, and its last line (JSON) and stderr. */
export interface WorkerExit {
  readonly host: string;
  readonly pid: number;
  readonly code: number | null;
  readonly last: string;
  readonly stderr: string;
}

/** What the scenario leaves: every trial, every worker's ending, and which trial was cut off. */
export interface HostsScenarioResult {
  readonly trials: StoredTrial[];
  readonly workers: WorkerExit[];
  /** The host whose link was cut, the trial it was running, and that trial's state just before the link returned. */
  readonly cut: { readonly host: string; readonly pid: number; readonly trial: number; readonly stateBeforeRestore: string };
}

interface Running {
  readonly child: ChildProcess;
  readonly host: string;
  readonly exit: Promise<WorkerExit>;
  /** Resolves with the line's argument once the worker prints a line starting with `word `. */
  said(word: string): Promise<string>;
}

function startWorker(argv: string[], host: Parameters<typeof onHost>[0]): Running {
  const [cmd, args] = onHost(host, [process.execPath, '--import', tsx, worker, ...argv]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let stderr = '';
  const waiters: { word: string; resolve: (arg: string) => void }[] = [];
  const look = (): void => {
    for (const line of out.split('\n')) {
      for (const w of waiters.filter((w) => line.startsWith(`${w.word} `))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line.slice(w.word.length + 1));
      }
    }
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    look();
  });
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exit = new Promise<WorkerExit>((resolve) =>
    child.on('exit', (code) => resolve({ host: host.hostname, pid: child.pid!, code, last: out.trimEnd().split('\n').at(-1) ?? '', stderr })),
  );
  return {
    child,
    host: host.hostname,
    exit,
    said: (word) =>
      new Promise((resolve, reject) => {
        waiters.push({ word, resolve });
        look();
        void exit.then((e) => reject(new Error(`worker on ${e.host} exited (${e.code}) before saying ${word}: ${e.stderr}`)));
      }),
  };
}

/** Resolves `promise`, or rejects after `ms` saying what was awaited. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function readTrials(db: pg.Client): Promise<StoredTrial[]> {
  const { rows } = await db.query(
    `SELECT number, state, (params::jsonb->>'x')::float8 AS x, value, error, attrs, owner_host AS host
     FROM descent_trials ORDER BY number`,
  );
  return (rows as (Omit<StoredTrial, 'attrs'> & { attrs: string })[]).map((r) => ({ ...r, attrs: JSON.parse(r.attrs) as Record<string, unknown> }));
}

/** Polls the database until `ready` holds for its trials (the study's tables may not exist yet). */
async function until(db: pg.Client, what: string, ms: number, ready: (trials: StoredTrial[]) => boolean): Promise<StoredTrial[]> {
  const poll = async (): Promise<StoredTrial[]> => {
    for (;;) {
      const trials = await readTrials(db).catch(() => []);
      if (ready(trials)) return trials;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return within(poll(), ms, what);
}

const complete = (trials: StoredTrial[]): number => trials.filter((t) => t.state === 'complete').length;

/**
 * Runs the scenario and returns what the database and the workers hold at the end. Everything it
 * made (namespaces, links, the cluster, the worker processes, a folder) is removed, also on failure.
 * @throws Error when a step does not happen within `patienceMs`.
 * @example const { trials } = await runHostsScenario({ trials: 40, ending: 'reaped', graceMs: 3000 });
 */
export async function runHostsScenario(options: HostsScenarioOptions): Promise<HostsScenarioResult> {
  const log = options.log ?? (() => {});
  const patience = options.patienceMs ?? 60_000;
  const network = createHostNetwork(3);
  const holdDir = mkdtempSync(join(tmpdir(), 'descent-hold-'));
  const workers: Running[] = [];
  let cluster: Awaited<ReturnType<typeof startPostgresCluster>> | undefined;
  let db: pg.Client | undefined;
  // Also when the process exits early (Ctrl-C in tools/scenario-hosts.ts): nothing to await there,
  // and none is needed, since kill, the cluster's remove() and the network's are synchronous inside.
  const teardown = (): void => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    void cluster?.remove();
    network.remove();
    rmSync(holdDir, { recursive: true, force: true });
  };
  process.once('exit', teardown);
  try {
    log(`server namespace ${network.server}; workers ${network.workers.map((w) => `${w.hostname} (server at ${w.serverAddress})`).join(', ')}`);
    cluster = await startPostgresCluster({
      netns: network.server,
      listenAddresses: network.workers.map((w) => w.serverAddress),
      allowNetworks: network.workerNetworks,
    });
    const url = new URL(await cluster.createDatabase('hosts'));
    log(`PostgreSQL in ${network.server}, port ${cluster.port}, database ${url.pathname.slice(1)}`);
    db = new pg.Client({ host: cluster.socketDir, port: cluster.port, user: PG_USER, database: url.pathname.slice(1) });
    await db.connect();
    network.workers.forEach((host, k) => {
      const at = new URL(url);
      at.hostname = host.serverAddress;
      const argv = [at.href, String(options.trials), String(options.graceMs), '3', ...(k === 0 ? [holdDir] : [])];
      workers.push(startWorker(argv, host));
    });
    const [cutWorker] = workers as [Running, ...Running[]];
    log(`3 workers started for ${options.trials} trials (grace period ${options.graceMs} ms, --retries 1)`);
    const trial = Number(await within(cutWorker.said('HOLDING'), patience, `${cutWorker.host} to run its third trial`));
    network.cut(0);
    const host = cutWorker.host;
    log(`cut the link of ${host} while it runs trial ${trial}`);
    writeFileSync(join(holdDir, 'release'), '');
    await within(cutWorker.said('RELEASED'), patience, `${host} to end trial ${trial}`);
    log(`trial ${trial} ended on ${host}; its result waits there for the link`);
    const stateOf = (ts: StoredTrial[]): string | undefined => ts.find((t) => t.number === trial)?.state;
    let before: StoredTrial[];
    if (options.ending === 'reaped') {
      before = await until(db, `trial ${trial} to be failed and the study finished`, patience, (ts) =>
        stateOf(ts) === 'failed' && complete(ts) === options.trials);
      log(`the other hosts failed trial ${trial} ("${before.find((t) => t.number === trial)!.error}") and finished the study`);
    } else {
      before = await until(db, `the other hosts to finish all but trial ${trial}`, patience, (ts) =>
        stateOf(ts) === 'running' && complete(ts) === options.trials - 1);
      log(`the other hosts finished every other trial; trial ${trial} is still running`);
    }
    const cut = { host, pid: cutWorker.child.pid!, trial, stateBeforeRestore: stateOf(before)! };
    network.restore(0);
    log(`restored the link of ${host}`);
    const exits = await within(Promise.all(workers.map((w) => w.exit)), patience, 'every worker to exit');
    return { trials: await readTrials(db), workers: exits, cut };
  } finally {
    process.off('exit', teardown);
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exit));
    await db?.end().catch(() => {});
    teardown();
  }
}

/**
 * What is wrong with the counts of a scenario's end, or [] when they are exact: `trials` finished,
 * every number once from 0, every value that of its own parameters, every worker done and agreeing,
 * and the cut trial ended as `ending` says.
 * @example countProblems(result, 40, 'reaped'); //=> []
 */
export function countProblems(result: HostsScenarioResult, trials: number, ending: HostsScenarioOptions['ending']): string[] {
  const problems: string[] = [];
  const { trials: stored, workers, cut } = result;
  const expectedRows = ending === 'reaped' ? trials + 1 : trials;
  if (stored.length !== expectedRows) problems.push(`${stored.length} trials stored, expected ${expectedRows}`);
  stored.forEach((t, i) => t.number !== i && problems.push(`trial at position ${i} is numbered ${t.number}`));
  if (complete(stored) !== trials) problems.push(`${complete(stored)} complete trials, expected ${trials}`);
  for (const t of stored.filter((t) => t.state === 'complete' && t.value !== (t.x - 0.3) ** 2)) {
    problems.push(`trial ${t.number} has value ${t.value}, not that of its x = ${t.x}`);
  }
  const cutTrial = stored.find((t) => t.number === cut.trial);
  if (ending === 'reaped') {
    const failed = stored.filter((t) => t.state === 'failed').map((t) => t.number);
    if (failed.join() !== String(cut.trial)) problems.push(`failed trials ${failed.join() || 'none'}, expected only ${cut.trial}`);
    const why = `no heartbeat from process ${cut.pid} on ${cut.host}`;
    if (!(cutTrial?.error ?? '').startsWith(why)) problems.push(`trial ${cut.trial} failed with "${cutTrial?.error}", expected "${why} ..."`);
    const retries = stored.filter((t) => t.attrs['retryOf'] === cut.trial);
    if (retries.length !== 1 || retries[0]!.state !== 'complete' || retries[0]!.x !== cutTrial?.x || retries[0]!.host === cut.host) {
      problems.push(`trial ${cut.trial} should be retried once, complete, with its x, on another host; got ${JSON.stringify(retries)}`);
    }
  } else if (cutTrial?.state !== 'complete' || cutTrial.host !== cut.host) {
    problems.push(`trial ${cut.trial} should be complete, by ${cut.host}; got ${JSON.stringify(cutTrial)}`);
  }
  for (const w of workers) {
    const said = w.code === 0 ? (JSON.parse(w.last) as { host?: string; finished?: number }) : {};
    if (w.code !== 0) problems.push(`worker on ${w.host} exited ${w.code}: ${w.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    else if (said.finished !== trials || said.host !== w.host) problems.push(`worker on ${w.host} ended with ${w.last}`);
  }
  return problems;
}
