// A run directory belongs to one run: an existing run is refused unless --overwrite, a live
// training process holds the folder's lock, a forged checkpoint is checked against the run log,
// a finished run is not resumed again, stale temp files are cleaned, and a dashboard beside a
// killed run goes with it. Signals: train-signals.test.ts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { IO } from '../../src/cli/io.js';
import { readCheckpoint, writeCheckpoint } from '../../src/train/node/checkpoint-file.js';
import { ADAM_DROPOUT, tempDir } from './configs.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'src', 'cli', 'main.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function capture(cwd: string): IO & { text: () => string } {
  let text = '';
  return { out: (t) => void (text += t), err: (t) => void (text += t), isTTY: false, env: { DESCENT_BACKEND: 'cpu' }, cwd, text: () => text };
}

function setup(epochs = 3): { dir: string; config: string; out: string } {
  const dir = tempDir('descent-own-');
  const config = join(dir, 'config.json');
  // Without early stopping, so a long run really runs until it is stopped.
  const { earlyStopping: _unused, ...raw } = ADAM_DROPOUT;
  writeFileSync(config, JSON.stringify({ ...raw, epochs }));
  return { dir, config, out: join(dir, 'run') };
}

async function run(argv: string[], cwd: string): Promise<{ code: number; text: string }> {
  const io = capture(cwd);
  const code = await main(argv, io);
  return { code, text: io.text() };
}

const starts = (out: string): number => (readFileSync(join(out, 'metrics.jsonl'), 'utf8').match(/"type":"start"/g) ?? []).length;

describe('run directory ownership', () => {
  it('refuses --out into a folder that holds a run, and --overwrite starts it clean', async () => {
    const { dir, config, out } = setup();
    expect((await run(['train', config, '--out', out, '--quiet'], dir)).code).toBe(0);
    const again = await run(['train', config, '--out', out, '--quiet'], dir);
    expect(again.code).toBe(2);
    expect(again.text).toBe(
      `descent: ${out}: already holds a run (config.json, metrics.jsonl, checkpoint.json, model.json, curves.svg); ` +
        `continue it with descent train --resume ${out}, or start over with --overwrite, or pick another --out\n`,
    );
    expect(again.text).not.toMatch(/\n\s+at /);
    expect(starts(out)).toBe(1);
    // The refusal released the folder's lock.
    expect(existsSync(join(out, '.lock'))).toBe(false);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    expect((await run(['train', config, '--out', out, '--quiet', '--overwrite'], dir)).code).toBe(0);
    expect(starts(out)).toBe(1);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('refuses a run directory locked by another live process, naming its PID', async () => {
    const { dir, config, out } = setup();
    mkdirSync(out);
    // Our parent process is alive and is not us: a lock naming it is a live holder's.
    writeFileSync(join(out, '.lock'), JSON.stringify({ pid: process.ppid, host: hostname(), since: '2026-01-01T00:00:00Z' }));
    const r = await run(['train', config, '--out', out, '--quiet'], dir);
    expect(r.code).toBe(2);
    expect(r.text).toContain(`run directory is in use by process ${process.ppid}`);
    expect(existsSync(join(out, 'metrics.jsonl'))).toBe(false);
  });

  it('takes over the lock of a dead process and removes its stale temp files', async () => {
    const { dir, config, out } = setup();
    mkdirSync(out);
    const dead = 2 ** 22 + 12345; // above Linux's default pid_max (2^22), so no process has it
    writeFileSync(join(out, '.lock'), JSON.stringify({ pid: dead, host: hostname(), since: 'then' }));
    writeFileSync(join(out, `.checkpoint.json.${dead}.0.tmp`), 'half a checkpoint');
    expect((await run(['train', config, '--out', out, '--quiet'], dir)).code).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp') || f === '.lock')).toEqual([]);
  });

  it('refuses a checkpoint whose epoch the run log never recorded, even with a valid checksum', async () => {
    const { dir, config, out } = setup(3);
    expect((await run(['train', config, '--out', out, '--quiet'], dir)).code).toBe(0);
    const file = join(out, 'checkpoint.json');
    const state = readCheckpoint(file);
    // Remove the end event so the run looks unfinished; then forge the epoch.
    const log = readFileSync(join(out, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => !l.includes('"type":"end"'));
    writeFileSync(join(out, 'metrics.jsonl'), log.join('\n'));
    writeCheckpoint(file, { ...state, epoch: 1e9 });
    const forged = await run(['train', '--resume', out, '--quiet'], dir);
    expect(forged.code).toBe(2);
    expect(forged.text).toMatch(/checkpoint\.json: epoch: the checkpoint is at epoch 1000000000, but the run's config trains 3 epochs/);
    writeCheckpoint(file, { ...state, epoch: 2 });
    writeFileSync(join(out, 'metrics.jsonl'), log.filter((l) => !l.includes('"epoch":2,') || !l.includes('"type":"epoch"')).join('\n'));
    const unlogged = await run(['train', '--resume', out, '--quiet'], dir);
    expect(unlogged.code).toBe(2);
    expect(unlogged.text).toMatch(/checkpoint is at epoch 2, but metrics\.jsonl records epoch 1 as the last one up to it/);
    expect(existsSync(join(out, '.lock'))).toBe(false);
  });

  it('says that a finished run is finished instead of resuming it again', async () => {
    const { dir, config, out } = setup(2);
    expect((await run(['train', config, '--out', out, '--quiet'], dir)).code).toBe(0);
    const r = await run(['train', '--resume', out, '--quiet'], dir);
    expect(r.code).toBe(0);
    expect(r.text).toBe(`${out}: the run already finished (2 of 2 epochs); nothing to do\n`);
    expect(starts(out)).toBe(1);
  });

  it('says so for a finished run that wrote no checkpoint (--checkpoint-every 0), and removes dead writers\' temp files', async () => {
    const { dir, config, out } = setup(2);
    expect((await run(['train', config, '--out', out, '--quiet', '--checkpoint-every', '0'], dir)).code).toBe(0);
    const dead = 2 ** 22 + 777; // above Linux's default pid_max (2^22), so no process has it
    writeFileSync(join(out, `.model.json.${dead}.3.tmp`), 'half a model');
    // A live writer's temp file (our parent process's: alive, and not this process) is not touched.
    writeFileSync(join(out, `.curves.svg.${process.ppid}.0.tmp`), 'being written');
    // Nor is a file that is no run file's temp file, whatever its name says.
    writeFileSync(join(out, `.notes.txt.${dead}.0.tmp`), 'mine');
    const r = await run(['train', '--resume', out], dir);
    expect(r.code).toBe(0);
    expect(r.text).toBe(`${out}: the run already finished (2 of 2 epochs); nothing to do\n`);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp')).sort()).toEqual([`.curves.svg.${process.ppid}.0.tmp`, `.notes.txt.${dead}.0.tmp`]);
  });

  it('refuses a folder named metrics.jsonl in the run directory, naming it, and never removes it', async () => {
    const { dir, config, out } = setup(2);
    mkdirSync(join(out, 'metrics.jsonl'), { recursive: true });
    writeFileSync(join(out, 'metrics.jsonl', 'mine.txt'), 'mine');
    for (const flags of [[], ['--overwrite']]) {
      const r = await run(['train', config, '--out', out, '--quiet', ...flags], dir);
      expect(r.code).toBe(2);
      expect(r.text).toBe(`descent: ${join(out, 'metrics.jsonl')}: is a folder, but a run keeps a file of this name here; move it away or pick another --out\n`);
    }
    expect(readFileSync(join(out, 'metrics.jsonl', 'mine.txt'), 'utf8')).toBe('mine');
    // A run directory whose log is a folder cannot be resumed either.
    writeFileSync(join(out, 'config.json'), readFileSync(config, 'utf8'));
    const resumed = await run(['train', '--resume', out, '--quiet'], dir);
    expect(resumed.code).toBe(2);
    expect(resumed.text).toBe(`descent: ${join(out, 'metrics.jsonl')}: cannot read the run log: is a folder, not a file\n`);
  });

  it('names the folder when the run directory cannot be made, and --port needs --dashboard', async () => {
    const { dir, config } = setup();
    writeFileSync(join(dir, 'afile'), 'x');
    const r = await run(['train', config, '--out', join(dir, 'afile', 'run'), '--quiet'], dir);
    expect(r.code).toBe(2);
    expect(r.text).toMatch(/afile[/\\]run: cannot create the run directory: a file stands where a folder of this path should be; pick another --out \(ENOTDIR/);
    const p = await run(['train', config, '--port', '9000'], dir);
    expect(p.code).toBe(2);
    expect(p.text).toContain('--port needs --dashboard');
  });

  it('names the folder with --dashboard too, and --resume --dashboard of no run creates no folder', async () => {
    const { dir, config } = setup();
    writeFileSync(join(dir, 'afile'), 'x');
    const out = join(dir, 'afile', 'run');
    const r = await run(['train', config, '--out', out, '--quiet', '--dashboard', '--port', '0'], dir);
    expect(r.code).toBe(2);
    expect(r.text).toMatch(new RegExp(`^descent: ${out.replace(/[.*+?^$()[\]\\]/g, '\\$&')}: cannot create the run directory: a file stands where`));
    const missing = join(dir, 'no-run');
    const m = await run(['train', '--resume', missing, '--quiet', '--dashboard', '--port', '0'], dir);
    expect(m.code).toBe(2);
    expect(m.text).toBe(`descent: ${missing}: not a run directory (no such folder)\n`);
    expect(existsSync(missing)).toBe(false);
  });
});

/** Whether `pid` is gone: no such process, or one that has exited and waits to be reaped (a zombie). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  // An orphan's exit is reaped by whatever PID 1 is here; until then /proc shows it as a zombie.
  return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** The dashboard child of `parent` (Linux: /proc lists a thread's children). */
function dashboardChildOf(parent: number): number {
  const children = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim().split(/\s+/).map(Number);
  const dashboards = children.filter((c) => readFileSync(`/proc/${c}/cmdline`, 'utf8').split('\0').includes('dashboard'));
  expect(dashboards).toHaveLength(1);
  return dashboards[0]!;
}

describe.runIf(process.platform === 'linux')('an --out on a file system that takes no new folders', () => {
  // Node's recursive mkdirSync never returns under /proc, so each case runs in a child with a limit.
  it.each([
    ['/proc/descent-no-such/run', 'the folder above it takes no new folders'],
    ['/sys/descent-no-such/run', 'permission denied'],
  ])('%s exits 2 naming the folder: %s', (out, why) => {
    const { dir, config } = setup();
    const r = spawnSync(process.execPath, ['--import', tsx, cli, 'train', config, '--out', out, '--quiet'], {
      cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, DESCENT_BACKEND: 'cpu' },
    });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^descent: ${out}: cannot create the run directory: ${why}; pick another --out \\(E[A-Z]+: .*\\)\n$`));
  }, 70_000);
});

describe.runIf(process.platform === 'linux')('descent train --dashboard killed with SIGKILL', () => {
  it('takes its dashboard down with it: the dashboard exits when the IPC channel closes, and its port is free', async () => {
    const { config, out } = setup(100000);
    const child = spawn(process.execPath, ['--import', tsx, cli, 'train', config, '--out', out, '--dashboard', '--port', '0', '--quiet'], {
      stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DESCENT_BACKEND: 'cpu' },
    });
    const url = await new Promise<string>((done) => {
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        const m = /Dashboard: (http:\/\/\S+)/.exec(stderr);
        if (m !== null) done(m[1]!);
      });
    });
    expect((await fetch(url)).ok).toBe(true);
    const dashboard = dashboardChildOf(child.pid!);
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    child.kill('SIGKILL');
    await exited;
    try {
      // The orphan notices the closed channel, closes its server and exits: polled, bounded.
      for (let i = 0; i < 3000 && !gone(dashboard); i++) await new Promise((done) => setTimeout(done, 10));
      expect(gone(dashboard)).toBe(true);
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      if (!gone(dashboard)) process.kill(dashboard, 'SIGKILL');
    }
  }, 60_000);
});
