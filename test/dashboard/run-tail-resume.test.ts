// A run killed and resumed (`descent train --resume`), as the dashboard and `descent doctor --run`
// read it: the torn line before the resumed start is not corruption, the records the resume
// superseded are gone (each epoch and step once, x increasing), and the run time adds up the parts.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { RunSource } from '../../src/dashboard/run-data.js';
import { RunTail } from '../../src/dashboard/run-tail.js';
import { makeResumedRun, tempDir } from './fixtures.js';

interface Raw {
  type: string;
  epoch?: number;
  step?: number;
  seconds?: number;
  stepsPerEpoch?: number;
  resumedFromEpoch?: number;
}

let dir: string;
let text: string;
let beforeResume: string;
/** The log's lines that parse, as written (superseded records included). */
let raw: Raw[];

beforeAll(async () => {
  dir = tempDir('resumed');
  ({ beforeResume } = await makeResumedRun(dir));
  text = readFileSync(join(dir, 'metrics.jsonl'), 'utf8');
  raw = text.split('\n').flatMap((l) => {
    try {
      return [JSON.parse(l) as Raw];
    } catch {
      return [];
    }
  });
}, 60_000);

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * The fixture's expected shape, from its config: 8 epochs; 3 x 40 spiral points with 25% held out
 * leave 90 training rows, in batches of 16: ceil(90 / 16) = 6 steps per epoch.
 */
function expectHealthyResumedRun(tail: RunTail): void {
  const perEpoch = Math.ceil((3 * 40 * 0.75) / 16);
  expect(tail.problems).toEqual([]);
  expect(tail.epochs.map((e) => e.epoch)).toEqual(range(1, 8));
  expect(tail.steps).toEqual(range(1, 8 * perEpoch));
  expect(tail.end?.status).toBe('finished');
}

describe('the dashboard on a resumed run', () => {
  it('the fixture log is what a kill and a resume leave: epoch 5 twice, a torn line, a resumed start', () => {
    expect(raw.filter((e) => e.type === 'epoch').map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 5, 6, 7, 8]);
    expect(raw.filter((e) => e.type === 'start').map((e) => e.resumedFromEpoch)).toEqual([undefined, 4]);
    expect(text).toContain('{"type":"iteration","step":3\n');
  });

  it('reads it in one go as a healthy run: no problems, each epoch and step once', () => {
    const tail = new RunTail(join(dir, 'metrics.jsonl'));
    tail.refresh();
    expectHealthyResumedRun(tail);
  });

  it('follows it live through the kill and the resume, line by line', () => {
    const file = join(tempDir('resumed-live'), 'metrics.jsonl');
    writeFileSync(file, beforeResume);
    const tail = new RunTail(file);
    tail.refresh();
    // Killed: the torn last line waits, epoch 5 is shown.
    expect(tail.problems).toEqual([]);
    expect(tail.epochs.map((e) => e.epoch)).toEqual(range(1, 5));
    for (const line of text.slice(beforeResume.length).split(/(?<=\n)/)) {
      appendFileSync(file, line);
      tail.refresh();
    }
    expectHealthyResumedRun(tail);
  });

  it('gives the list row and the charts without duplicates, x increasing, time of both parts', () => {
    const run = new RunSource('abc', dir);
    run.refresh();
    const d = run.detail(2000, false);
    expect(d.summary.problems).toEqual([]);
    expect(d.summary.epochs).toBe(8);
    expect(d.summary.status).toBe('finished');
    expect(d.epochs.x).toEqual(range(1, 8));
    expect(d.updateRatios.x).toEqual(range(1, 8));
    for (let i = 1; i < d.loss.x.length; i++) expect(d.loss.x[i]!).toBeGreaterThan(d.loss.x[i - 1]!);
    // Killed part: its epochs' seconds (1..5, epoch 5 ran once there); resumed part: its end's.
    const resumeAt = raw.findIndex((e) => e.type === 'start' && e.resumedFromEpoch !== undefined);
    const killedPart = raw.slice(0, resumeAt).filter((e) => e.type === 'epoch').reduce((s, e) => s + e.seconds!, 0);
    const resumedPart = raw.find((e) => e.type === 'end')!.seconds!;
    expect(d.summary.seconds).toBeCloseTo(killedPart + resumedPart, 9);
    expect(d.summary.seconds).toBeGreaterThan(resumedPart);
  });
});

describe('descent doctor --run on a resumed run', () => {
  it('reads each epoch once: 8 epochs, finished', async () => {
    const io = {
      stdout: '', stderr: '', isTTY: false, env: {}, cwd: dir,
      out: (t: string) => void (io.stdout += t),
      err: (t: string) => void (io.stderr += t),
    } satisfies IO & { stdout: string; stderr: string };
    await main(['doctor', '--run', '.', '--json'], io);
    const { checks } = JSON.parse(io.stdout) as { checks: { name: string; value: string }[] };
    const value = (name: string) => checks.find((c) => c.name === name)?.value;
    expect(value('run: outcome')).toBe('finished after 8 epochs');
    expect(value('run: loss trend')).toMatch(/ over 8 epochs/);
  });
});
