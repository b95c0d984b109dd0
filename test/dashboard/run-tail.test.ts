// RunTail: incremental reading of a growing metrics.jsonl, with readRunLog's rules for torn and
// corrupt lines, and a 100k-iteration log thinned for drawing.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunSource, thinSeries } from '../../src/dashboard/run-data.js';
import { RunTail } from '../../src/dashboard/run-tail.js';
import { tempDir } from './fixtures.js';

const it1 = (step: number, loss: number) => `${JSON.stringify({ type: 'iteration', step, t: 0, loss, lr: 0.1 })}\n`;

describe('RunTail', () => {
  it('reads appended lines only once, waits for a torn line to end, and reports corrupt ones', () => {
    const file = join(tempDir('tail'), 'metrics.jsonl');
    writeFileSync(file, it1(1, 2) + it1(2, 1.5));
    const tail = new RunTail(file);
    expect(tail.refresh()).toBe(true);
    expect(tail.steps).toEqual([1, 2]);
    expect(tail.refresh()).toBe(false);
    const line = it1(3, 1.2);
    appendFileSync(file, line.slice(0, 10)); // a writer mid-line
    tail.refresh();
    expect(tail.steps).toEqual([1, 2]);
    expect(tail.problems).toEqual([]);
    appendFileSync(file, `${line.slice(10)}not json\n${it1(5, 1)}`);
    expect(tail.refresh()).toBe(true);
    expect(tail.steps).toEqual([1, 2, 3, 5]);
    expect(tail.problems.map((p) => p.line)).toEqual([4]);
  });

  it('starts over when the file is rewritten shorter', () => {
    const file = join(tempDir('tail'), 'metrics.jsonl');
    writeFileSync(file, it1(1, 2) + it1(2, 1.5) + it1(3, 1));
    const tail = new RunTail(file);
    tail.refresh();
    writeFileSync(file, it1(9, 0.5));
    tail.refresh();
    expect(tail.steps).toEqual([9]);
  });

  it('thins a 100k-iteration run to the requested size, keeping the spike and the ends', () => {
    const dir = tempDir('long');
    const lines: string[] = [];
    for (let s = 1; s <= 100_000; s++) lines.push(it1(s, s === 54_321 ? 99 : 1 + 1 / s));
    writeFileSync(join(dir, 'metrics.jsonl'), lines.join(''));
    const run = new RunSource('abc', dir);
    run.refresh();
    const d = run.detail(2000, false);
    expect(d.lossPoints).toBe(100_000);
    expect(d.loss.x.length).toBeLessThanOrEqual(2000);
    expect(d.loss.x[0]).toBe(1);
    expect(d.loss.x.at(-1)).toBe(100_000);
    expect(d.loss.x).toContain(54_321);
    expect(Math.min(...(d.loss.y.loss as number[]))).toBe(1 + 1 / 100_000);
  });

  it('thinSeries drops non-finite values (a diverged loss) instead of drawing them', () => {
    expect(thinSeries([1, 2, 3], [1, Number.NaN, 0.5], 100)).toEqual({ x: [1, 3], y: [1, 0.5] });
  });
});
