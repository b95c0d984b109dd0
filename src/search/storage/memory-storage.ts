// Study storage in this process's memory: for tests, ask/tell in one program, and studies that need
// not survive the process. Records are copied in and out, so callers never share mutable state.
import type { JsonValue } from '../json.js';
import { StudyError } from '../search-error.js';
import type { Intermediate, Owner, TrialRecord } from '../trial.js';
import type { Allocation, Storage, StudyRecord, TrialOutcome } from './storage.js';

type MutableTrial = {
  -readonly [K in Exclude<keyof TrialRecord, 'intermediate'>]: TrialRecord[K];
} & {
  intermediate: Map<number, number>;
};

function freeze(t: MutableTrial): TrialRecord {
  const intermediate: Intermediate[] = [...t.intermediate.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([step, value]) => ({ step, value }));
  return structuredClone({ ...t, intermediate });
}

/**
 * A Storage that lives in memory and ends with the process.
 * @example
 * const storage = new MemoryStorage();
 * await storage.openStudy({ name: 's', direction: 'minimize', space, createdAt: Date.now() });
 */
export class MemoryStorage implements Storage {
  private readonly studies = new Map<string, { record: StudyRecord; trials: MutableTrial[] }>();
  private readonly attrs = new Map<string, Record<string, JsonValue>>();

  private study(name: string): { record: StudyRecord; trials: MutableTrial[] } {
    const s = this.studies.get(name);
    if (s === undefined) throw new StudyError(`no study named "${name}" in this storage`);
    return s;
  }

  private running(name: string, number: number): MutableTrial {
    const t = this.study(name).trials[number];
    if (t === undefined) throw new StudyError(`study "${name}" has no trial ${number}`);
    if (t.state !== 'running')
      throw new StudyError(`trial ${number} is already ${t.state}; it cannot change`);
    return t;
  }

  async openStudy(study: StudyRecord): Promise<StudyRecord> {
    const existing = this.studies.get(study.name);
    if (existing !== undefined) return structuredClone(existing.record);
    this.studies.set(study.name, { record: structuredClone(study), trials: [] });
    return structuredClone(study);
  }

  async getStudyAttrs(study: string): Promise<Record<string, JsonValue>> {
    this.study(study);
    return structuredClone(this.attrs.get(study) ?? {});
  }

  async setStudyAttr(study: string, key: string, value: JsonValue): Promise<void> {
    this.study(study);
    this.attrs.set(study, { ...this.attrs.get(study), [key]: structuredClone(value) });
  }

  async loadStudy(name: string): Promise<StudyRecord | null> {
    const s = this.studies.get(name);
    return s === undefined ? null : structuredClone(s.record);
  }

  async listStudies(): Promise<string[]> {
    return [...this.studies.keys()];
  }

  async createTrial(
    study: string,
    decide: (trials: readonly TrialRecord[], nextNumber: number) => Allocation,
    owner: Owner | null,
  ): Promise<TrialRecord | 'wait' | 'done'> {
    const s = this.study(study);
    const number = s.trials.length;
    const decision = decide(s.trials.map(freeze), number);
    if (decision === 'wait' || decision === 'done') return decision;
    const now = Date.now();
    const trial: MutableTrial = {
      number,
      state: 'running',
      params: structuredClone(decision.params),
      value: null,
      intermediate: new Map(),
      error: null,
      stage: decision.stage,
      attrs: structuredClone(decision.attrs),
      startedAt: now,
      finishedAt: null,
      durationMs: null,
      owner: owner === null ? null : { ...owner },
      heartbeatAt: now,
    };
    s.trials.push(trial);
    return freeze(trial);
  }

  async report(study: string, number: number, step: number, value: number): Promise<void> {
    const t = this.running(study, number);
    t.intermediate.set(step, value);
    t.heartbeatAt = Date.now();
  }

  async heartbeat(study: string, numbers: readonly number[]): Promise<void> {
    const s = this.study(study);
    const now = Date.now();
    for (const n of numbers) {
      const t = s.trials[n];
      if (t !== undefined && t.state === 'running') t.heartbeatAt = now;
    }
  }

  async finishTrial(study: string, number: number, outcome: TrialOutcome): Promise<TrialRecord> {
    const t = this.running(study, number);
    const now = Date.now();
    Object.assign(t, { ...outcome, finishedAt: now, durationMs: now - t.startedAt });
    return freeze(t);
  }

  async failTrials(
    study: string,
    reason: (trial: TrialRecord, now: number) => string | null,
  ): Promise<number[]> {
    const failed: number[] = [];
    for (const t of this.study(study).trials) {
      if (t.state !== 'running') continue;
      const why = reason(freeze(t), Date.now());
      if (why === null) continue;
      const now = Date.now();
      Object.assign(t, {
        state: 'failed',
        error: why,
        finishedAt: now,
        durationMs: now - t.startedAt,
      });
      failed.push(t.number);
    }
    return failed;
  }

  async getTrials(study: string): Promise<TrialRecord[]> {
    return this.study(study).trials.map(freeze);
  }

  async getTrial(study: string, number: number): Promise<TrialRecord | null> {
    const t = this.study(study).trials[number];
    return t === undefined ? null : freeze(t);
  }

  async close(): Promise<void> {}
}
