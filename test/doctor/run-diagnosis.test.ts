import { describe, expect, it } from 'vitest';
import { deadTrendCheck, diagnoseRun, gapCheck, lossTrendCheck, ratioTrendCheck, runStatusCheck } from '../../src/doctor/run-diagnosis.js';
import type { EpochEvent, RunEvent } from '../../src/train/run-log.js';

function epochs(trainLoss: number[], extra: (i: number) => Partial<EpochEvent> = () => ({})): EpochEvent[] {
  return trainLoss.map((l, i) => ({
    type: 'epoch', epoch: i + 1, step: 10 * (i + 1), seconds: 0.1, lr: 0.01, trainLoss: l,
    updateRatios: { 'layers.0.weight': 1e-3, 'layers.0.bias': 0.5 }, deadRelu: { 'layers.1': 0.05 }, ...extra(i),
  }));
}

// A healthy curve: a fast fall that flattens (exponential decay towards 0.1).
const healthy = Array.from({ length: 12 }, (_, i) => 0.1 + 2 * Math.exp(-i / 2));

describe('run diagnosis', () => {
  it('passes a healthy run', () => {
    const events: RunEvent[] = [
      ...epochs(healthy, () => ({ trainAccuracy: 0.97, valAccuracy: 0.95 })),
      { type: 'end', status: 'finished', epochs: 12, seconds: 1 },
    ];
    expect(diagnoseRun(events).map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
  });

  it('reads the train/validation gap: overfitting and lack of capacity', () => {
    const overfit = gapCheck(epochs(healthy, () => ({ trainAccuracy: 1, valAccuracy: 0.8 })));
    expect(overfit.status).toBe('warn');
    expect(overfit.hint).toMatch(/regularization/);
    const underfit = gapCheck(epochs(healthy, () => ({ trainAccuracy: 0.7, valAccuracy: 0.7 })));
    expect(underfit.status).toBe('warn');
    expect(underfit.hint).toMatch(/capacity/);
    expect(gapCheck(epochs(healthy, () => ({ valLoss: 0.5 }))).status).toBe('warn'); // 0.5 / 0.1x ~ 4x
  });

  it('fails a diverged run and a non-finite loss; warns a jump', () => {
    expect(runStatusCheck([{ type: 'end', status: 'diverged', epochs: 3, seconds: 1 }]).status).toBe('fail');
    expect(runStatusCheck([]).status).toBe('warn');
    expect(lossTrendCheck(epochs([2, 1, NaN])).status).toBe('fail');
    expect(lossTrendCheck(epochs([2, 1, 0.5, 2, 0.4])).status).toBe('warn');
  });

  it('warns a slow linear fall (learning rate too low) and a plateau', () => {
    const linear = Array.from({ length: 10 }, (_, i) => 2.3 - 0.02 * i);
    expect(lossTrendCheck(epochs(linear)).hint).toMatch(/too low/);
    const plateau = [2, 1.2, 1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
    expect(lossTrendCheck(epochs(plateau)).hint).toMatch(/plateau/);
  });

  it('reads update ratios (weights only) and dead units at the last epoch', () => {
    expect(ratioTrendCheck(epochs(healthy, (i) => ({ updateRatios: { 'layers.0.weight': i < 11 ? 1e-3 : 0.2 } }))).status).toBe('warn');
    expect(deadTrendCheck(epochs(healthy, (i) => ({ deadRelu: { 'layers.1': i / 11 } }))).status).toBe('fail');
    expect(deadTrendCheck(epochs(healthy, () => ({ deadRelu: { 'layers.1': 0.4 } }))).status).toBe('warn');
  });
});
