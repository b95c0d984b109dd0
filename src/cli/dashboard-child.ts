// The dashboard beside a training run, in its own process: the training loop never yields to the
// event loop for long, so a server in the same process could not answer while it trains.
import { type ChildProcess, fork } from 'node:child_process';
import { scriptEntry } from '../script-entry.js';

export interface DashboardChild {
  /** The dashboard's URL once it listens (rejects if it could not start). */
  readonly url: Promise<string>;
  /** Stops the dashboard; resolves once its process has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `descent dashboard PATHS --port PORT` as a child process (killed when this process exits).
 * @example const child = startDashboardChild([runDir], 8321); console.log(await child.url);
 */
export function startDashboardChild(paths: readonly string[], port: number): DashboardChild {
  const entry = scriptEntry(import.meta.url, './main');
  const child: ChildProcess = fork(entry.file, ['dashboard', ...paths, '--port', String(port)], {
    execArgv: entry.execArgv,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', kill);
  const stop = async () => {
    kill();
    await exited;
    process.off('exit', kill);
  };
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /(https?:\/\/\S+)/.exec(out);
      if (match !== null) resolve(match[1]!);
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`the dashboard exited (code ${code}): ${err.trim() || out.trim()}`)));
    child.once('error', reject);
  });
  return { url, stop };
}
