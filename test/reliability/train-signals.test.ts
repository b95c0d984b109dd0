// `descent train` stopped by SIGINT (Ctrl-C) or SIGTERM: it stops at the end of the epoch it is
// in, writes that epoch's checkpoint, releases the run directory, takes its dashboard down, and
// exits 130 or 143 (128 + the signal's number, as a shell reports it) with one line on how to
// resume. The resumed run then ends with the model of a run that was never interrupted. Every
// step waits on the child's output lines or its exit, never on a clock.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { IO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { readCheckpoint } from '../../src/train/node/checkpoint-file.js';
import { resumedEvents } from '../../src/train/resumed-events.js';
import { readRunLog } from '../../src/train/node/run-log-file.js';
import { ADAM_DROPOUT, tempDir } from './configs.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'src', 'cli', 'main.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
// Without early stopping, so that a long run really runs until it is stopped.
const { earlyStopping: _unused, ...RAW } = ADAM_DROPOUT;
// Many more epochs than any test lets run: the run ends only by the signal.
const LONG = 100000;

function capture(cwd: string): IO & { text: () => string } {
  let text = '';
  return { out: (t) => void (text += t), err: (t) => void (text += t), isTTY: false, env: { DESCENT_BACKEND: 'cpu' }, cwd, text: () => text };
}

/** `descent train ARGS` in a child process, killed when the test ends if it is still running. */
function train(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', tsx, cli, 'train', ...args], { env: { ...process.env, DESCENT_BACKEND: 'cpu' } });
  onTestFinished(() => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));
  return child;
}

/** Resolves with the first match of `pattern` in everything `stream` has written so far. */
function waitFor(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((done) => {
    let text = '';
    const onData = (c: Buffer) => {
      text += c.toString();
      const m = pattern.exec(text);
      if (m !== null) {
        stream.off('data', onData);
        done(m);
      }
    };
    stream.on('data', onData);
  });
}

function collect(stream: NodeJS.ReadableStream): () => string {
  let text = '';
  stream.on('data', (c: Buffer) => void (text += c.toString()));
  return () => text;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const exitOf = (child: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((done) => (child.exitCode === null ? child.on('exit', (code) => done(code)) : done(child.exitCode)));

describe('descent train stopped by a signal', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s: a checkpoint of the epoch it stopped at, exit %i with how to resume; the resumed run ends as an uninterrupted one', async (signal, code) => {
    const dir = tempDir('descent-sig-');
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ ...RAW, epochs: LONG }));
    const out = join(dir, 'run');
    // No checkpoint is due for a million epochs: the one found afterwards is the signal's.
    const child = train([config, '--out', out, '--checkpoint-every', '1000000']);
    const stderr = collect(child.stderr);
    const exited = exitOf(child);
    await waitFor(child.stdout, /epoch +1\//);
    child.kill(signal);
    expect(await exited).toBe(code);
    const lines = stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^descent: training was interrupted after epoch (\\d+) \\(checkpoint written\\); continue with descent train --resume ${escape(out)}$`));
    const stoppedAt = Number(/epoch (\d+)/.exec(lines[0]!)![1]);
    expect(readCheckpoint(join(out, 'checkpoint.json')).epoch).toBe(stoppedAt);
    expect(existsSync(join(out, '.lock'))).toBe(false);
    expect(existsSync(join(out, 'model.json'))).toBe(false);

    // Two epochs more, then the resumed run must finish: its config now ends there.
    const epochs = stoppedAt + 2;
    writeFileSync(join(out, 'config.json'), JSON.stringify({ ...RAW, epochs }));
    const io = capture(dir);
    expect(await main(['train', '--resume', out, '--quiet'], io), io.text()).toBe(0);
    const log = resumedEvents(readRunLog(join(out, 'metrics.jsonl')).events);
    expect(log.flatMap((e) => (e.type === 'epoch' ? [e.epoch] : []))).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
    expect(log.at(-1)).toMatchObject({ type: 'end', status: 'finished', epochs });

    // The reference: the same config trained to the same epochs in one go.
    writeFileSync(config, JSON.stringify({ ...RAW, epochs }));
    expect(await main(['train', config, '--out', join(dir, 'ref'), '--quiet'], capture(dir))).toBe(0);
    expect(readFileSync(join(out, 'model.json'), 'utf8')).toBe(readFileSync(join(dir, 'ref', 'model.json'), 'utf8'));
  }, 120_000);

  it('with --checkpoint-every 0 it says that the run cannot be resumed', async () => {
    const dir = tempDir('descent-sig-');
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ ...RAW, epochs: LONG }));
    const child = train([config, '--out', join(dir, 'run'), '--checkpoint-every', '0']);
    const stderr = collect(child.stderr);
    const exited = exitOf(child);
    await waitFor(child.stdout, /epoch +1\//);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr()).toMatch(/^descent: training was interrupted after epoch \d+; it wrote no checkpoint \(--checkpoint-every 0\), so it cannot be resumed\n$/);
    expect(existsSync(join(dir, 'run', 'checkpoint.json'))).toBe(false);
  }, 60_000);

  it('SIGTERM with --dashboard: the dashboard has exited by the time train has', async () => {
    const dir = tempDir('descent-sig-');
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ ...RAW, epochs: LONG }));
    const child = train([config, '--out', join(dir, 'run'), '--dashboard', '--port', '0']);
    const exited = exitOf(child);
    const [, url] = await waitFor(child.stderr, /Dashboard: (http:\/\/\S+)/);
    await waitFor(child.stdout, /epoch +1\//);
    expect((await fetch(`${url!}api/runs`)).ok).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    // Nothing listens there any more: train waited for its dashboard's exit before its own.
    await expect(fetch(`${url!}api/runs`)).rejects.toThrow();
  }, 60_000);
});
