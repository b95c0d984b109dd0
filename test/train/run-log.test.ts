import * as fs from 'node:fs';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atomicWriteFile } from '../../src/train/node/atomic-write.js';
import { DataError } from '../../src/errors.js';
import { parseRunLog } from '../../src/train/run-log.js';
import { endTornLine, readRunLog, RunLogWriter, type RunLogFs } from '../../src/train/node/run-log-file.js';

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

/** node:fs, except that writes stop after `room` bytes: the rest of a write fails with ENOSPC. */
function diskWithRoom(room: number): RunLogFs {
  let left = room;
  return {
    openSync: (p, f) => fs.openSync(p, f),
    fstatSync: (fd) => fs.fstatSync(fd),
    ftruncateSync: (fd, len) => fs.ftruncateSync(fd, len),
    closeSync: (fd) => fs.closeSync(fd),
    writeSync: (fd, buffer, offset, length) => {
      if (left === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      const n = Math.min(left, length);
      left -= n;
      return fs.writeSync(fd, buffer, offset, n);
    },
  };
}

describe('run log writes on a failing disk', () => {
  const epoch = { type: 'end', status: 'finished', epochs: 1, seconds: 1 } as const;
  const line = `${JSON.stringify(epoch)}\n`;

  it('a full disk is a DataError naming the file, and the part-written line is cut back off', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'descent-log-')), 'metrics.jsonl');
    // Room for the first line and 10 bytes of the second: a plain append would leave those 10.
    const w = new RunLogWriter(file, diskWithRoom(line.length + 10));
    w.write(epoch);
    let caught: unknown;
    try {
      w.write(epoch);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataError);
    expect((caught as DataError).file).toBe(file);
    expect((caught as Error).message).toBe(`${file}: cannot append to the run log: the disk is full (ENOSPC: no space left on device, write)`);
    expect(readFileSync(file, 'utf8')).toBe(line);
  });

  it.runIf(process.platform === 'linux' && existsSync('/dev/full'))('/dev/full (every write ENOSPC) gives the same DataError', () => {
    const w = new RunLogWriter('/dev/full');
    expect(() => w.write(epoch)).toThrow(/^\/dev\/full: cannot append to the run log: the disk is full \(ENOSPC/);
  });

  it('writes all pending lines in one write call', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'descent-log-')), 'metrics.jsonl');
    const calls: number[] = [];
    const disk = diskWithRoom(1 << 20);
    const w = new RunLogWriter(file, { ...disk, writeSync: (fd, b, o, n) => (calls.push(n), disk.writeSync(fd, b, o, n)) });
    const it1 = { type: 'iteration', step: 1, t: 0, loss: 2, lr: 1 } as const;
    w.write(it1);
    w.write({ ...it1, step: 2 });
    w.write(epoch);
    expect(calls).toEqual([2 * `${JSON.stringify(it1)}\n`.length + line.length]);
  });

  it('a run log that is a folder is a DataError naming it, for readers and writers', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'descent-log-')), 'metrics.jsonl');
    mkdirSync(file);
    expect(() => readRunLog(file)).toThrow(`${file}: cannot read the run log: is a folder, not a file`);
    expect(() => new RunLogWriter(file).write(epoch)).toThrow(new RegExp(`^${file}: cannot append to the run log: is a folder`));
  });

  it('endTornLine ends a torn last line once, and leaves a whole one alone', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'descent-log-')), 'metrics.jsonl');
    writeFileSync(file, `${line}{"type":"itera`);
    endTornLine(file);
    endTornLine(file);
    expect(readFileSync(file, 'utf8')).toBe(`${line}{"type":"itera\n`);
    expect(parseRunLog(readFileSync(file, 'utf8') + line).events).toHaveLength(2);
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
