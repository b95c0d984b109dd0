// Where a stored study stands, without running anything: its trials counted by state, the best one,
// and the trials running now with the host and process of each (a study shared by many hosts).
import { StudyError } from './search-error.js';
import type { Storage } from './storage/storage.js';
import { bestTrial, type Direction, type TrialRecord, type TrialState } from './trial.js';

/** What studyStatus returns. */
export interface StudyStatus {
  readonly study: string;
  readonly direction: Direction;
  readonly counts: Readonly<Record<TrialState, number>>;
  /** Trials in the table, whatever their state. */
  readonly total: number;
  readonly best: TrialRecord | null;
  readonly running: readonly TrialRecord[];
}

/**
 * The counts, best trial and running trials of the study `name` in `storage` (named `where` in
 * messages: a file, a URL without its password).
 * @throws StudyError when the storage holds no such study.
 * @example (await studyStatus(storage, 'digits')).counts; //=> { running: 1, complete: 38, pruned: 0, failed: 1 }
 */
export async function studyStatus(storage: Storage, name: string, where = 'this storage'): Promise<StudyStatus> {
  const study = await storage.loadStudy(name);
  if (study === null) throw new StudyError(`no study named "${name}" in ${where} (has its search started?)`);
  const trials = await storage.getTrials(name);
  const counts: Record<TrialState, number> = { running: 0, complete: 0, pruned: 0, failed: 0 };
  for (const t of trials) counts[t.state]++;
  return {
    study: name,
    direction: study.direction,
    counts,
    total: trials.length,
    best: bestTrial(trials, study.direction),
    running: trials.filter((t) => t.state === 'running'),
  };
}
