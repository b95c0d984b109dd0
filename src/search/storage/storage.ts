// The study storage interface. Implementations: memory-storage.ts (one process) and
// sqlite-storage.ts (a file several processes share); a PostgreSQL one for studies spanning
// machines can follow, which is why every method returns a Promise even where the two here are
// synchronous underneath.
import type { JsonValue } from '../json.js';
import type { Params, SearchSpace } from '../space.js';
import type { Direction, Owner, TrialRecord, TrialState } from '../trial.js';
import type { OwnerProbe } from '../owner.js';

/** A stored study. */
export interface StudyRecord {
  readonly name: string;
  readonly direction: Direction;
  readonly space: SearchSpace;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
}

/** What a new trial starts with. */
export interface TrialProposal {
  readonly params: Params;
  readonly stage: number;
  readonly attrs: Readonly<Record<string, JsonValue>>;
}

/**
 * The decision made inside the allocating transaction: a new trial, 'wait' (the budget is taken by
 * running trials that may still fail), or 'done' (the budget is spent).
 */
export type Allocation = TrialProposal | 'wait' | 'done';

/** How a trial ended. */
export interface TrialOutcome {
  readonly state: Exclude<TrialState, 'running'>;
  readonly value: number | null;
  readonly error: string | null;
}

/** Where studies and their trials live. Every write is atomic; trial numbers are never reused. */
export interface Storage {
  /**
   * Who may run this storage's trials and how to tell whether they still live; absent means only this
   * program can see it (a study in memory).
   */
  readonly owners?: OwnerProbe;
  /** Creates the study, or returns the stored one of that name unchanged (resume). */
  openStudy(study: StudyRecord): Promise<StudyRecord>;
  /** The stored study, or null. */
  loadStudy(name: string): Promise<StudyRecord | null>;
  /** Names of the stored studies, oldest first. */
  listStudies(): Promise<string[]>;
  /**
   * In one write transaction: reads the study's trials, calls `decide(trials, nextNumber)` and, when
   * it proposes a trial, inserts it as running with number `nextNumber` (numbers start at 0).
   * `decide` must be synchronous and pure: it runs while other writers wait.
   */
  createTrial(
    study: string,
    decide: (trials: readonly TrialRecord[], nextNumber: number) => Allocation,
    owner: Owner | null,
  ): Promise<TrialRecord | 'wait' | 'done'>;
  /** Stores an intermediate value of a running trial (overwriting the same step) and its heartbeat. */
  report(study: string, number: number, step: number, value: number): Promise<void>;
  /** Refreshes the heartbeat of running trials. */
  heartbeat(study: string, numbers: readonly number[]): Promise<void>;
  /** Ends a running trial. Throws StudyError when the trial is not running. */
  finishTrial(study: string, number: number, outcome: TrialOutcome): Promise<TrialRecord>;
  /**
   * In one write transaction, marks failed each running trial for which `reason(trial, now)` gives a
   * message (stored as its error); returns their numbers. `now` is the clock the storage writes its
   * timestamps with (a shared database's own clock), so that heartbeats from hosts whose clocks
   * differ are judged on one clock.
   */
  failTrials(study: string, reason: (trial: TrialRecord, now: number) => string | null): Promise<number[]>;
  /** All trials of a study, by number. */
  getTrials(study: string): Promise<TrialRecord[]>;
  /** One trial, or null. */
  getTrial(study: string, number: number): Promise<TrialRecord | null>;
  /** The study's own key-value records (what it was started with, e.g. a config's fingerprint). */
  getStudyAttrs(study: string): Promise<Record<string, JsonValue>>;
  /** Sets one of the study's records, replacing its value. */
  setStudyAttr(study: string, key: string, value: JsonValue): Promise<void>;
  /** Releases the storage (closes the database). */
  close(): Promise<void>;
}
