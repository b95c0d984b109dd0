// The entry of a worker process (forked by worker-pool.ts): runs one trial at a time, importing the
// objective module by file URL, and proxies trial.report / trial.shouldPrune to the parent.
// From src/ it runs under tsx (`--import tsx`); from dist/ as plain JavaScript.
import type { Trial } from '../trial.js';
import { checkReport } from '../trial.js';
import { isTrialPruned } from '../trial-pruned.js';
import { errorText, type FromWorker, type Job, type ToWorker } from '../worker/protocol.js';

const modules = new Map<string, Promise<Record<string, unknown>>>();
const answers = new Map<number, (prune: boolean) => void>();
let nextId = 0;

function send(message: FromWorker): void {
  // The parent may be gone (killed, or stopped by a signal) while a trial still runs: the message
  // has nobody to go to, and the EPIPE this gives is no failure of the worker's. The callback takes
  // the error, which otherwise surfaces as an unhandled 'error' with a stack trace.
  if (process.connected) process.send?.(message, undefined, {}, () => {});
}

async function loadObjective(job: Job): Promise<(params: Job['params'], trial: Trial) => unknown> {
  let mod = modules.get(job.module);
  if (mod === undefined) {
    mod = import(job.module) as Promise<Record<string, unknown>>;
    modules.set(job.module, mod);
  }
  const fn = (await mod)[job.exportName];
  if (typeof fn !== 'function') {
    throw new Error(
      `${job.module} has no function export "${job.exportName}" (found ${typeof fn})`,
    );
  }
  return fn as (params: Job['params'], trial: Trial) => unknown;
}

async function run(job: Job): Promise<void> {
  let objective: Awaited<ReturnType<typeof loadObjective>>;
  try {
    objective = await loadObjective(job);
  } catch (error) {
    send({ type: 'loadError', message: errorText(error) });
    return;
  }
  const trial: Trial = {
    number: job.number,
    params: job.params,
    stage: job.stage,
    epochs: job.epochs,
    report(step: number, value: number): void {
      checkReport(step, value);
      send({ type: 'report', step, value });
    },
    shouldPrune(): Promise<boolean> {
      const id = nextId++;
      return new Promise((resolve) => {
        answers.set(id, resolve);
        send({ type: 'shouldPrune', id });
      });
    },
  };
  try {
    const value = await objective(job.params, trial);
    if (typeof value !== 'number') {
      send({
        type: 'error',
        message: `the objective returned ${typeof value} ${String(value)} (expected a number)`,
      });
    } else {
      send({ type: 'result', value });
    }
  } catch (error) {
    send(isTrialPruned(error) ? { type: 'pruned' } : { type: 'error', message: errorText(error) });
  }
}

process.on('message', (message: ToWorker) => {
  if (message.type === 'pruneAnswer') {
    answers.get(message.id)?.(message.prune);
    answers.delete(message.id);
  } else if (message.type === 'run') {
    void run(message.job);
  }
});
// The parent closed the channel (study over, or the parent died): nothing more will come.
process.on('disconnect', () => process.exit(0));
// Ctrl-C reaches the whole process group; the parent decides what happens to running trials, and
// ends the workers by closing the channel.
process.on('SIGINT', () => {});
