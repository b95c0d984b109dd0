// `descent doctor --run` on a run whose learning rate is too low: under dropout the training loss
// is noisy (its line fits with R^2 ~0.974, under the 0.98 threshold) while the validation loss
// falls in an almost perfect line (R^2 ~0.99997) and the run ends at 10% accuracy. The doctor must
// call the learning rate too low, and must not blame capacity while the loss is still falling.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { IO } from '../../src/cli/io.js';
import { diagnoseRun, gapCheck, lossTrendCheck } from '../../src/doctor/run-diagnosis.js';
import type { EpochEvent, RunEvent } from '../../src/train/run-log.js';

// Both curves are the line 2.3 - 0.02 epoch (8% fall over 10 epochs), plus noise.
const trainNoise = [0.012, -0.008, 0.01, -0.011, 0.006, -0.012, 0.009, -0.007, 0.011, -0.01];
const valNoise = [4, -3, 2, -4, 3, -2, 4, -3, 2, -4].map((k) => k * 1e-4);
const trainLoss = trainNoise.map((e, i) => 2.32 - 0.02 * i + e);
const valLoss = valNoise.map((e, i) => 2.3 - 0.02 * i + e);

/** R^2 of a line through (i, ys[i]): the squared Pearson correlation of i and ys. */
function r2(ys: number[]): number {
  const xs = ys.map((_, i) => i);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(xs), mean(ys)];
  const cov = mean(xs.map((x, i) => (x - mx) * (ys[i]! - my)));
  const vx = mean(xs.map((x) => (x - mx) ** 2));
  const vy = mean(ys.map((y) => (y - my) ** 2));
  return (cov * cov) / (vx * vy);
}

function slowRun(): EpochEvent[] {
  return trainLoss.map((l, i) => ({
    type: 'epoch', epoch: i + 1, step: 50 * (i + 1), seconds: 0.5, lr: 1e-4,
    trainLoss: l, valLoss: valLoss[i]!, trainAccuracy: 0.1, valAccuracy: 0.1,
    updateRatios: { 'layers.0.weight': 2e-4 }, deadRelu: { 'layers.1': 0.02 },
  }));
}

describe('run diagnosis of a learning rate too low, training loss noisy under dropout', () => {
  it('has the fixture the audit described: the training line misses 0.98, the validation line fits', () => {
    expect(r2(trainLoss)).toBeGreaterThan(0.97);
    expect(r2(trainLoss)).toBeLessThan(0.98);
    expect(r2(valLoss)).toBeGreaterThan(0.9995);
  });

  it('warns that the validation loss falls slowly and linearly: learning rate too low', () => {
    const check = lossTrendCheck(slowRun());
    expect(check.status).toBe('warn');
    expect(check.hint).toMatch(/validation loss falls slowly and linearly: the learning rate is probably too low/);
    expect(check.value).toMatch(/validation loss linear, R\^2 0\.99/);
  });

  it('does not suggest more capacity while the loss still falls linearly', () => {
    const check = gapCheck(slowRun());
    expect(check.status).toBe('warn');
    expect(check.hint).not.toMatch(/lack capacity/);
    expect(check.hint).toMatch(/still falling steadily: train longer or raise the learning rate/);
  });

  it('still suggests capacity once the loss has flattened at the same accuracy', () => {
    const flat = slowRun().map((e, i) => ({ ...e, trainLoss: 1.5 + Math.exp(-i), valLoss: 1.5 + Math.exp(-i) }));
    expect(gapCheck(flat).hint).toMatch(/flattened: the model may lack capacity/);
  });

  it('says so through descent doctor --run on the run log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'descent-doctor-slow-'));
    const events: RunEvent[] = [...slowRun(), { type: 'end', status: 'finished', epochs: 10, seconds: 5 }];
    writeFileSync(join(dir, 'metrics.jsonl'), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const io: IO & { stdout: string; stderr: string } = {
      stdout: '', stderr: '', isTTY: false, env: {}, cwd: dir,
      out: (t: string) => { io.stdout += t; },
      err: (t: string) => { io.stderr += t; },
    };
    expect(await main(['doctor', '--run', '.'], io)).toBe(0);
    expect(io.stdout).toMatch(/WARN {2}run: loss trend: .*validation loss linear/);
    expect(io.stdout).toMatch(/learning rate is probably too low/);
    expect(io.stdout).not.toMatch(/lack capacity/);
    expect(diagnoseRun(events).map((c) => c.status)).toEqual(['pass', 'warn', 'warn', 'pass', 'pass']);
  });
});
