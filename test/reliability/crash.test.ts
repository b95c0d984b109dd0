// Crash tests: `descent train` runs in a child process and is SIGKILLed at a seeded random epoch
// (often inside the fsync of a checkpoint write, which dominates a tiny epoch); `descent train
// --resume` must then finish with bitwise the model of an uninterrupted run. The search study's
// kill/resume tests live in test/search/processes.test.ts (one suite per subject, not duplicated).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTrainConfig } from '../../src/config/node/load-config-file.js';
import { trainFromConfig } from '../../src/config/node/train-run.js';
import { main } from '../../src/cli/main.js';
import type { IO } from '../../src/cli/io.js';
import { Rng } from '../../src/tensor/rng.js';
import { decodeCheckpoint } from '../../src/train/checkpoint.js';
import { resumedEvents } from '../../src/train/resumed-events.js';
import { readRunLog } from '../../src/train/node/run-log-file.js';
import { ADAM_DROPOUT, tempDir } from './configs.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'src', 'cli', 'main.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const EPOCHS = 80;

function capture(): IO & { text: () => string } {
  let text = '';
  // The reference trains through the library on the TypeScript backend: the CLI must use it too.
  return { out: (t) => void (text += t), err: (t) => void (text += t), isTTY: false, env: { DESCENT_BACKEND: 'cpu' }, cwd: root, text: () => text };
}

const epochsLogged = (file: string): number =>
  existsSync(file) ? (readFileSync(file, 'utf8').match(/"type":"epoch"/g) ?? []).length : 0;

/** Starts `descent train` in a child and SIGKILLs it once `killAfter` epochs are in its log. */
function trainAndKill(config: string, dir: string, killAfter: number, every: number): Promise<{ killed: boolean; stderr: string }> {
  const child = spawn(process.execPath, ['--import', tsx, cli, 'train', config, '--out', dir, '--quiet', '--checkpoint-every', String(every)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DESCENT_BACKEND: 'cpu' },
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
  return new Promise((resolve) => {
    // Polls the log; the child keeps running between polls, so the kill lands at an arbitrary point.
    const poll = setInterval(() => {
      if (epochsLogged(join(dir, 'metrics.jsonl')) >= killAfter) {
        clearInterval(poll);
        child.kill('SIGKILL');
      }
    }, 3);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      resolve({ killed: signal === 'SIGKILL', stderr });
    });
  });
}

describe('descent train killed with SIGKILL and resumed', () => {
  const configFile = join(tempDir(), 'crash.json');
  let reference = '';
  let referenceCheckpoint = '';

  beforeAll(async () => {
    writeFileSync(configFile, JSON.stringify({ ...ADAM_DROPOUT, epochs: EPOCHS, earlyStopping: { metric: 'valLoss', patience: 1000 } }));
    const summary = await trainFromConfig(loadTrainConfig(configFile).config, { outDir: join(tempDir(), 'ref') });
    reference = readFileSync(join(summary.runDir, 'model.json'), 'utf8');
    referenceCheckpoint = readFileSync(join(summary.runDir, 'checkpoint.json'), 'utf8');
  });

  // Seeded kill points: a failing case prints its seed and epoch.
  it.each([
    [1, 1],
    [2, 3],
  ])('seed %i, checkpoint every %i epochs: the last checkpoint stays valid and the resumed model is bitwise the reference', async (seed, every) => {
    const killAfter = 2 + new Rng(seed).int(25);
    const dir = join(tempDir(), 'run');
    const { killed, stderr } = await trainAndKill(configFile, dir, killAfter, every);
    expect(killed, `the child ended before the kill at epoch ${killAfter}: ${stderr}`).toBe(true);
    const leftovers = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    // Whatever the kill interrupted (an epoch, a checkpoint write), checkpoint.json is a whole one.
    const state = decodeCheckpoint(readFileSync(join(dir, 'checkpoint.json'), 'utf8'), 'checkpoint.json');
    expect(state.epoch % every).toBe(0);
    expect(state.epoch).toBeGreaterThanOrEqual(killAfter - every);
    expect(existsSync(join(dir, 'model.json'))).toBe(false);

    const io = capture();
    expect(await main(['train', '--resume', dir, '--quiet'], io), io.text()).toBe(0);
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe(reference);
    expect(readFileSync(join(dir, 'checkpoint.json'), 'utf8')).toBe(referenceCheckpoint);
    const epochs = resumedEvents(readRunLog(join(dir, 'metrics.jsonl')).events).flatMap((e) => (e.type === 'epoch' ? [e.epoch] : []));
    expect(epochs).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    // A kill inside a checkpoint write leaves its temp file; the resume removed it (its writer is dead).
    expect(leftovers.every((f) => f.startsWith('.checkpoint.json.'))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
