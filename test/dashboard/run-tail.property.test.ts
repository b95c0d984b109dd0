// RunTail on random run logs (resumes, kills with torn lines, garbage and blank lines) appended in
// random byte chunks: after every refresh it holds what reading the complete lines so far in one go
// gives (parseRunLog, then resumedEvents), and the run time is the parts' times added up.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunTail } from '../../src/dashboard/run-tail.js';
import { resumedEvents } from '../../src/train/resumed-events.js';
import { parseRunLog, type RunEvent } from '../../src/train/run-log.js';
import { FUZZ_TIMEOUT, fuzzParams } from '../property/runs.js';
import { tempDir } from './fixtures.js';

/** How one part of a run (from a start to a kill or an end) goes. */
interface Part {
  /** Epochs it finishes (before it ends or is killed). */
  readonly epochs: number;
  /** Epoch seconds, in quarters (exact sums). */
  readonly quarters: number[];
  readonly ends: boolean;
  /** Characters of a line torn by the kill (0: none). */
  readonly torn: number;
  /** Where the next part resumes from, as a fraction of the epochs reached. */
  readonly resumeAt: number;
}

const part = fc.record({
  epochs: fc.integer({ min: 0, max: 4 }),
  quarters: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 8, maxLength: 8 }),
  ends: fc.boolean(),
  torn: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })),
  resumeAt: fc.double({ min: 0, max: 1, noNaN: true }),
});

const GARBAGE = ['not json', '{"type":"iteration", torn', '{"type":1}', '[1,2]', 'null', '{"tÿpe":"é"}', '   '];

/** The log's lines (each ending in a newline, except a torn last one) for these parts. */
function logLines(parts: readonly Part[], stepsPerEpoch: number, garbage: readonly (readonly [number, number])[]): string[] {
  const lines: string[] = [];
  const line = (e: object) => lines.push(`${JSON.stringify(e)}\n`);
  let reached = 0;
  parts.forEach((p, i) => {
    // A resume restarts from a checkpoint at or before the last epoch reached.
    const from = i === 0 ? 0 : Math.min(reached, Math.floor(parts[i - 1]!.resumeAt * (reached + 1)));
    line({ type: 'start', name: 'r', stepsPerEpoch, ...(i === 0 ? {} : { resumedFromEpoch: from }) });
    reached = from;
    const first = from + 1;
    for (let e = first; e < first + p.epochs; e++) {
      for (let j = 1; j <= stepsPerEpoch; j++) line({ type: 'iteration', step: (e - 1) * stepsPerEpoch + j, t: e, loss: 1 / (e + j), lr: 0.1 });
      line({ type: 'epoch', epoch: e, step: e * stepsPerEpoch, seconds: p.quarters[e % 8]! / 4, lr: 0.1, trainLoss: 1 / e, updateRatios: {}, deadRelu: {} });
      reached = e;
    }
    if (p.ends) line({ type: 'end', status: 'finished', epochs: reached, seconds: p.quarters[0]! + 0.5 });
    // A kill mid-write leaves a torn line; the resume ends it with a newline before its start.
    else if (p.torn > 0) lines.push(`{"type":"iteration","step":${reached * stepsPerEpoch + 1},"t":1,"loss":0.5}`.slice(0, p.torn) + (i < parts.length - 1 ? '\n' : ''));
  });
  for (const [at, which] of [...garbage].sort((a, b) => b[0] - a[0])) {
    lines.splice(Math.min(at, Math.max(0, lines.length - 1)), 0, `${GARBAGE[which]!}\n`);
  }
  return lines;
}

/** The run time the parts add up to: each part's end seconds, or its epochs' seconds. */
function partsSeconds(events: readonly RunEvent[]): number {
  let total = 0;
  let epochs = 0;
  let end: number | undefined;
  for (const e of events) {
    if (e.type === 'start') {
      total += end ?? epochs;
      epochs = 0;
      end = undefined;
    } else if (e.type === 'epoch') epochs += e.seconds;
    else if (e.type === 'end') end = e.seconds;
  }
  return total + (end ?? epochs);
}

function expectSameAsWholeRead(tail: RunTail, bytes: Buffer): void {
  const cut = bytes.lastIndexOf(0x0a);
  const log = parseRunLog(bytes.subarray(0, cut + 1).toString('utf8'));
  const events = resumedEvents(log.events);
  const its = events.flatMap((e) => (e.type === 'iteration' ? [e] : []));
  expect(tail.problems).toEqual(log.problems);
  expect(tail.steps).toEqual(its.map((e) => e.step));
  expect(tail.losses).toEqual(its.map((e) => e.loss));
  expect(tail.epochs).toEqual(events.filter((e) => e.type === 'epoch'));
  const lastStart = events.findLastIndex((e) => e.type === 'start');
  expect(tail.end).toEqual(events.slice(lastStart + 1).findLast((e) => e.type === 'end') ?? null);
  expect(tail.start).toEqual(events.find((e) => e.type === 'start') ?? null);
  expect(tail.seconds).toBe(partsSeconds(log.events));
}

describe('RunTail on random logs appended in random chunks', () => {
  it('after every refresh, equals reading the complete lines in one go (parseRunLog + resumedEvents)', () => {
    const dir = tempDir('tail-fuzz');
    let n = 0;
    const arb = fc.record({
      parts: fc.array(part, { minLength: 1, maxLength: 4 }),
      stepsPerEpoch: fc.integer({ min: 1, max: 3 }),
      garbage: fc.array(fc.tuple(fc.nat(60), fc.nat(GARBAGE.length - 1)), { maxLength: 3 }),
      // Byte offsets (as fractions of the log) to refresh at, or a refresh after every line.
      cuts: fc.oneof(fc.array(fc.integer({ min: 0, max: 1 << 20 }).map((n) => n / (1 << 20)), { maxLength: 12 }), fc.constant('lines' as const)),
    });
    fc.assert(
      fc.property(arb, ({ parts, stepsPerEpoch, garbage, cuts }) => {
        const lines = logLines(parts, stepsPerEpoch, garbage);
        const bytes = Buffer.from(lines.join(''), 'utf8');
        const file = join(dir, `metrics-${n++}.jsonl`);
        writeFileSync(file, '');
        const tail = new RunTail(file);
        let ends = 0;
        const lineEnds = lines.map((l) => (ends += Buffer.byteLength(l)));
        const points = cuts === 'lines' ? lineEnds : [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
        let at = 0;
        for (const p of [...points, bytes.length]) {
          appendFileSync(file, bytes.subarray(at, p));
          at = p;
          tail.refresh();
          expectSameAsWholeRead(tail, bytes.subarray(0, at));
        }
      }),
      fuzzParams(),
    );
  }, FUZZ_TIMEOUT);
});
