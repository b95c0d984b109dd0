// Running a failed trial again with the same parameters. A trial killed with its worker, left
// without a heartbeat or interrupted says nothing about its parameters: with `retries`, the next
// trial the budget allows repeats the oldest failed trial that has retries left and no retry yet,
// instead of sampling a new point. The choice is made inside the storage's allocating transaction
// (Study.decide), so two workers never retry the same trial.
import type { TrialProposal } from './storage/storage.js';
import type { TrialRecord } from './trial.js';

/** attrs of a retry: the trial it repeats and which attempt it is (1 for the first retry). */
export const RETRY_OF = 'retryOf';
export const RETRY = 'retry';

/**
 * The proposal that retries a failed trial of `stage`, or null when none has retries left.
 * @example retryProposal([{ number: 0, state: 'failed', stage: 0, params: { x: 1 }, attrs: {} }], 0, 1);
 * //=> { params: { x: 1 }, stage: 0, attrs: { retryOf: 0, retry: 1 } }
 */
export function retryProposal(trials: readonly Pick<TrialRecord, 'number' | 'state' | 'stage' | 'params' | 'attrs'>[], stage: number, retries: number): TrialProposal | null {
  if (retries <= 0) return null;
  const retried = new Set(trials.map((t) => t.attrs[RETRY_OF]).filter((n) => typeof n === 'number'));
  for (const t of trials) {
    if (t.state !== 'failed' || t.stage !== stage || retried.has(t.number)) continue;
    const attempt = typeof t.attrs[RETRY] === 'number' ? t.attrs[RETRY] : 0;
    if (attempt >= retries) continue;
    return { params: structuredClone(t.params), stage, attrs: { ...t.attrs, [RETRY_OF]: t.number, [RETRY]: attempt + 1 } };
  }
  return null;
}
