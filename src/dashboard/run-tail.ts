// Incremental reading of a growing metrics.jsonl: each refresh parses only the bytes appended since
// the last one, so a run of 100k iterations is not re-read every time a line arrives. Lines are
// parsed by the run-log module's parseRunLog and resumes applied as resumedEvents does, so the
// dashboard sees a run exactly as `descent train`, the doctor and the curves do.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { type EndEvent, type EpochEvent, parseRunLog, type RunEvent, type StartEvent, type WarningEvent } from '../train/run-log.js';
import type { LogProblem } from './api.js';

/** The last unreadable line, kept until a later line says whether it was a torn line before a resume. */
interface HeldLine {
  /** Its 1-based line number. */
  readonly line: number;
  /** Its text and any blank lines after it, each ending with a newline. */
  readonly text: string;
}

/**
 * The events of one run log, kept up to date by `refresh()`. After each refresh the state is what
 * `resumedEvents(readRunLog(file).events)` gives for the complete lines so far, and `problems` is
 * readRunLog's: a torn last line (no newline yet) waits for its end, a torn line followed by a
 * resumed run's start is not corruption, any other unreadable line is a problem, not a crash.
 * @example
 * const tail = new RunTail('runs/a/metrics.jsonl');
 * tail.refresh(); //=> true (something new)
 * tail.steps.length; //=> iterations so far (a resume replaces those past its checkpoint)
 */
export class RunTail {
  start: StartEvent | null = null;
  end: EndEvent | null = null;
  readonly steps: number[] = [];
  readonly losses: number[] = [];
  readonly lrs: number[] = [];
  readonly epochs: EpochEvent[] = [];
  readonly warnings: WarningEvent[] = [];
  readonly problems: LogProblem[] = [];
  /** Modification time (ms) of the log at the last refresh. */
  mtimeMs = 0;
  private offset = 0;
  private lines = 0;
  private pending: Buffer = Buffer.alloc(0);
  private held: HeldLine | undefined;
  /** Seconds of the parts of the run before the last start (each part: its end's, or its epochs'). */
  private earlierSeconds = 0;
  private partEpochSeconds = 0;
  private partEnd: EndEvent | null = null;

  constructor(readonly file: string) {}

  /**
   * Wall-clock seconds of training: the parts of a resumed run added up, each part's end event's
   * seconds, or for a part without one (killed, or still running) the sum of its epochs' seconds.
   */
  get seconds(): number {
    return this.earlierSeconds + (this.partEnd?.seconds ?? this.partEpochSeconds);
  }

  /** Reads what was appended; returns whether anything changed. */
  refresh(): boolean {
    let size: number;
    try {
      const st = statSync(this.file);
      size = st.size;
      this.mtimeMs = st.mtimeMs;
    } catch {
      return false;
    }
    // A shorter file was rewritten, not appended to: start over.
    if (size < this.offset) this.reset();
    if (size === this.offset) return false;
    const chunk = Buffer.alloc(size - this.offset);
    const fd = openSync(this.file, 'r');
    try {
      readSync(fd, chunk, 0, chunk.length, this.offset);
    } finally {
      closeSync(fd);
    }
    this.offset = size;
    const data = Buffer.concat([this.pending, chunk]);
    const cut = data.lastIndexOf(0x0a);
    if (cut < 0) {
      this.pending = data;
      return false;
    }
    this.pending = data.subarray(cut + 1);
    // A newline byte never occurs inside a UTF-8 sequence, so the cut leaves whole characters.
    this.takeLines(data.subarray(0, cut + 1).toString('utf8'));
    return true;
  }

  /** Parses complete lines (the text ends with a newline), with a held unreadable line in front. */
  private takeLines(text: string): void {
    const held = this.held;
    // The held line was reported as readRunLog reports a bad last line; parseRunLog decides again
    // now that the next line is known (a resumed start withdraws it).
    if (held !== undefined) this.problems.pop();
    const input = held === undefined ? text : held.text + text;
    const first = held === undefined ? this.lines + 1 : held.line;
    const log = parseRunLog(input);
    const lines = input.split('\n');
    const count = lines.length - 1;
    for (const p of log.problems) this.problems.push({ line: p.line + first - 1, reason: p.reason });
    this.lines = first - 1 + count;
    const last = log.problems.at(-1);
    const trailingBlank = last !== undefined && lines.slice(last.line, count).every((l) => l.trim() === '');
    this.held =
      last !== undefined && trailingBlank
        ? { line: last.line + first - 1, text: `${lines.slice(last.line - 1, count).join('\n')}\n` }
        : undefined;
    for (const event of log.events) this.take(event);
  }

  private take(event: RunEvent): void {
    if (event.type === 'iteration') {
      this.steps.push(event.step);
      this.losses.push(event.loss);
      this.lrs.push(event.lr);
    } else if (event.type === 'epoch') {
      this.epochs.push(event);
      this.partEpochSeconds += Number.isFinite(event.seconds) ? event.seconds : 0;
    } else if (event.type === 'start') {
      // A resumed run writes a second start; keep the first one's name and config.
      this.start ??= event;
      this.earlierSeconds = this.seconds;
      this.partEpochSeconds = 0;
      this.partEnd = null;
      this.end = null;
      if (typeof event.resumedFromEpoch === 'number') this.resume(event.resumedFromEpoch);
    } else if (event.type === 'end') {
      this.end = event;
      this.partEnd = event;
    } else if (event.type === 'warning') {
      this.warnings.push(event);
    }
  }

  /** resumedEvents' rule: drop epochs after `epoch` and iterations past its last step. */
  private resume(epoch: number): void {
    let lastStep = 0;
    for (const e of this.epochs) if (e.epoch === epoch) lastStep = e.step;
    keepWhere(this.epochs, (e) => e.epoch <= epoch);
    keepWhere(this.warnings, (w) => w.epoch <= epoch);
    const keep = this.steps.map((s) => s <= lastStep);
    for (const column of [this.steps, this.losses, this.lrs]) keepWhere(column, (_, i) => keep[i]!);
  }

  private reset(): void {
    this.start = null;
    this.end = null;
    this.steps.length = 0;
    this.losses.length = 0;
    this.lrs.length = 0;
    this.epochs.length = 0;
    this.warnings.length = 0;
    this.problems.length = 0;
    this.offset = 0;
    this.lines = 0;
    this.pending = Buffer.alloc(0);
    this.held = undefined;
    this.earlierSeconds = 0;
    this.partEpochSeconds = 0;
    this.partEnd = null;
  }
}

/** Removes, in place and in order, the items of `list` that `keep` rejects. */
function keepWhere<T>(list: T[], keep: (item: T, index: number) => boolean): void {
  let n = 0;
  for (let i = 0; i < list.length; i++) if (keep(list[i]!, i)) list[n++] = list[i]!;
  list.length = n;
}
