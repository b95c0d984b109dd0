// Incremental reading of a growing metrics.jsonl: each refresh parses only the bytes appended since
// the last one, so a run of 100k iterations is not re-read every time a line arrives.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { EndEvent, EpochEvent, RunEvent, StartEvent } from '../train/run-log.js';
import type { LogProblem } from './api.js';

/**
 * The events of one run log, kept up to date by `refresh()`. Same rules as readRunLog: a torn last
 * line (no newline yet) waits for its end; any other unreadable line is a problem, not a crash.
 * @example
 * const tail = new RunTail('runs/a/metrics.jsonl');
 * tail.refresh(); //=> true (something new)
 * tail.steps.length; //=> iterations so far
 */
export class RunTail {
  start: StartEvent | null = null;
  end: EndEvent | null = null;
  readonly steps: number[] = [];
  readonly losses: number[] = [];
  readonly lrs: number[] = [];
  readonly epochs: EpochEvent[] = [];
  readonly problems: LogProblem[] = [];
  /** Modification time (ms) of the log at the last refresh. */
  mtimeMs = 0;
  private offset = 0;
  private lines = 0;
  private pending: Buffer = Buffer.alloc(0);

  constructor(readonly file: string) {}

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
    for (const line of data.subarray(0, cut).toString('utf8').split('\n')) this.take(line);
    return true;
  }

  private take(line: string): void {
    this.lines++;
    if (line.trim() === '') return;
    let event: RunEvent;
    try {
      const value = JSON.parse(line) as { type?: unknown };
      if (typeof value !== 'object' || value === null || typeof value.type !== 'string') throw new Error('no event type');
      event = value as RunEvent;
    } catch (error) {
      this.problems.push({ line: this.lines, reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (event.type === 'iteration') {
      this.steps.push(event.step);
      this.losses.push(event.loss);
      this.lrs.push(event.lr);
    } else if (event.type === 'epoch') this.epochs.push(event);
    else if (event.type === 'start') {
      // A resumed run writes a second start; keep the first one's name and config.
      this.start ??= event;
      this.end = null;
    } else if (event.type === 'end') this.end = event;
  }

  private reset(): void {
    this.start = null;
    this.end = null;
    this.steps.length = 0;
    this.losses.length = 0;
    this.lrs.length = 0;
    this.epochs.length = 0;
    this.problems.length = 0;
    this.offset = 0;
    this.lines = 0;
    this.pending = Buffer.alloc(0);
  }
}
