// The output-folder lock: one holder at a time, the holder's PID named, a dead holder's lock taken
// over, and a live holder in another process refused.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDirLock, LOCK_FILE } from '../../src/train/node/dir-lock.js';

const dirs: string[] = [];
const fresh = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'descent-lock-'));
  dirs.push(d);
  return d;
};
const children: { kill(): boolean }[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

/** A PID that is not running: a child that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('acquireDirLock', () => {
  it('writes the owner, refuses a second lock in the same process, and releases', () => {
    const dir = fresh();
    const lock = acquireDirLock(dir, 'run directory');
    const owner = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number; host: string };
    expect(owner.pid).toBe(process.pid);
    expect(owner.host).toBe(hostname());
    expect(() => acquireDirLock(dir, 'run directory')).toThrow(/run directory is already in use by this process/);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    acquireDirLock(dir, 'run directory').release();
  });

  it('refuses a lock held by another live process and names its PID', async () => {
    const dir = fresh();
    // The other process writes a lock naming itself, then waits on its standard input.
    const child = spawn(process.execPath, ['-e', `
      const fs = require('node:fs'); const os = require('node:os');
      fs.writeFileSync(${JSON.stringify(join(dir, LOCK_FILE))}, JSON.stringify({ pid: process.pid, host: os.hostname(), since: 'then' }));
      process.stdout.write('ready'); process.stdin.resume();`], { stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(child);
    await new Promise<void>((done) => child.stdout.once('data', () => done()));
    expect(() => acquireDirLock(dir, 'run directory')).toThrow(new RegExp(`run directory is in use by process ${child.pid} since then`));
  });

  it('takes over a lock left by a dead process', () => {
    const dir = fresh();
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), since: 'long ago' }));
    const lock = acquireDirLock(dir, 'run directory');
    expect((JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number }).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose PID is alive but belongs to a process started later (a reused PID)', () => {
    const dir = fresh();
    // Our own parent is alive; a start time of 1 tick after boot is not its start time.
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, host: hostname(), since: 'boot', startTicks: 1 }));
    acquireDirLock(dir, 'run directory').release();
  });

  it('treats a lock from another host as live', () => {
    const dir = fresh();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: 'elsewhere.example', since: 'now' }));
    expect(() => acquireDirLock(dir, 'run directory')).toThrow(/in use by process 1 on host elsewhere\.example/);
  });
});
