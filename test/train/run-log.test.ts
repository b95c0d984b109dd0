import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atomicWriteFile } from '../../src/train/atomic-write.js';
import { parseRunLog, readRunLog, RunLogWriter } from '../../src/train/run-log.js';

describe('run log', () => {
  it('ignores a torn last line but reports a corrupt middle line', () => {
    const ok = JSON.stringify({ type: 'iteration', step: 1, t: 0.5, loss: 1, lr: 0.1 });
    const torn = '{"type":"iteration","st';
    expect(parseRunLog(`${ok}\n${torn}`)).toEqual({ events: [JSON.parse(ok)], problems: [] });
    const log = parseRunLog(`${ok}\nnot json\n${ok}\n`);
    expect(log.events).toHaveLength(2);
    expect(log.problems).toEqual([{ line: 2, reason: expect.any(String) }]);
  });

  it('treats a torn line followed by a resumed start as torn, not corrupt', () => {
    const ok = JSON.stringify({ type: 'iteration', step: 1, t: 0.5, loss: 1, lr: 0.1 });
    const resumed = JSON.stringify({ type: 'start', resumedFromEpoch: 3 });
    const plainStart = JSON.stringify({ type: 'start' });
    expect(parseRunLog(`${ok}\n{"type":"itera\n${resumed}\n`).problems).toEqual([]);
    expect(parseRunLog(`${ok}\n{"type":"itera\n${plainStart}\n`).problems).toHaveLength(1);
  });

  it('appends whole lines and never rewrites earlier ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'descent-log-'));
    const file = join(dir, 'metrics.jsonl');
    writeFileSync(file, '{"type":"end","status":"finished","epochs":1,"seconds":1}\n');
    const w = new RunLogWriter(file);
    w.write({ type: 'iteration', step: 1, t: 0, loss: 2, lr: 1 });
    expect(readRunLog(file).events).toHaveLength(1); // iterations are buffered
    w.flush();
    const events = readRunLog(file).events;
    expect(events.map((e) => e.type)).toEqual(['end', 'iteration']);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });
});

describe('atomicWriteFile', () => {
  it('replaces the file and leaves no temp file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'descent-atomic-'));
    const file = join(dir, 'sub', 'a.txt');
    atomicWriteFile(file, 'one');
    atomicWriteFile(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['a.txt']);
  });
});
