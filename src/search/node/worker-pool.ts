// Worker processes that run trials, one trial per process at a time: a trial that crashes its
// process (process.exit, a fatal signal, out of memory) takes down only that process, and the trial
// is recorded as failed. A dead worker is replaced on the next trial.
import { fork, type ChildProcess } from 'node:child_process';
import { assert } from '../../errors.js';
import { scriptEntry } from '../../script-entry.js';
import type { LocalTrial } from '../local-trial.js';
import type { FromWorker, Job, Outcome, ToWorker } from '../worker/protocol.js';

/** The worker entry script, and the node flags to run it: dist/ has .js; src/ needs tsx. */
const workerEntry = () => scriptEntry(import.meta.url, './worker-entry');

interface Current {
  readonly trial: LocalTrial;
  readonly resolve: (outcome: Outcome) => void;
}

/** One worker process, started on first use and restarted after it dies. */
class WorkerProcess {
  private child: ChildProcess | null = null;
  private current: Current | null = null;

  constructor(private readonly entry: { file: string; execArgv: string[] }) {}

  get busy(): boolean {
    return this.current !== null;
  }

  private start(): ChildProcess {
    const child = fork(this.entry.file, [], {
      execArgv: this.entry.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (m: FromWorker) => this.onMessage(child, m));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
      this.settle({
        kind: 'crash',
        message: `the worker process (pid ${child.pid}) ${how} while running the trial`,
      });
    });
    child.on('error', (error) => {
      this.settle({ kind: 'crash', message: `worker process error: ${error.message}` });
      child.kill('SIGKILL');
    });
    return child;
  }

  private settle(outcome: Outcome): void {
    const current = this.current;
    this.current = null;
    current?.resolve(outcome);
  }

  private onMessage(child: ChildProcess, m: FromWorker): void {
    const trial = this.current?.trial;
    if (trial === undefined) return;
    switch (m.type) {
      case 'report':
        trial.report(m.step, m.value);
        return;
      case 'shouldPrune':
        trial.shouldPrune().then(
          (prune) => this.sendTo(child, { type: 'pruneAnswer', id: m.id, prune }),
          () => this.sendTo(child, { type: 'pruneAnswer', id: m.id, prune: false }),
        );
        return;
      case 'result':
        this.settle({ kind: 'value', value: m.value });
        return;
      case 'pruned':
        this.settle({ kind: 'pruned' });
        return;
      default:
        this.settle({ kind: m.type, message: m.message });
    }
  }

  private sendTo(child: ChildProcess, message: ToWorker): void {
    if (child.connected) child.send(message);
  }

  run(job: Job, trial: LocalTrial): Promise<Outcome> {
    return new Promise((resolve) => {
      this.current = { trial, resolve };
      this.child ??= this.start();
      this.sendTo(this.child, { type: 'run', job });
    });
  }

  /** Closes the channel (the worker exits) and kills a worker still busy. */
  close(): void {
    const child = this.child;
    this.child = null;
    if (child === null) return;
    if (this.current !== null) child.kill('SIGKILL');
    else if (child.connected) child.disconnect();
  }
}

/**
 * A fixed number of worker processes for an objective named by module and export.
 * @example
 * const pool = new WorkerPool(4, { module: pathToFileURL('objective.mjs').href, exportName: 'objective' });
 * const outcome = await pool.run(trial);
 * pool.close();
 */
export class WorkerPool {
  private readonly workers: WorkerProcess[];

  constructor(
    size: number,
    private readonly objective: { readonly module: string; readonly exportName: string },
  ) {
    const entry = workerEntry();
    this.workers = Array.from({ length: size }, () => new WorkerProcess(entry));
  }

  /** Runs a trial on an idle worker; the caller never runs more trials than workers. */
  run(trial: LocalTrial): Promise<Outcome> {
    const worker = this.workers.find((w) => !w.busy);
    assert(worker !== undefined, 'WorkerPool.run: every worker is busy');
    const job: Job = {
      ...this.objective,
      number: trial.number,
      params: trial.params,
      stage: trial.stage,
      epochs: trial.epochs,
    };
    return worker.run(job, trial);
  }

  /** Stops every worker. */
  close(): void {
    for (const w of this.workers) w.close();
  }
}
