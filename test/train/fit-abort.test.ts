// fit and the event loop: an AbortSignal stops it within one step, and it gives the event loop turns
// while it trains (a timer queued before it runs before it ends). The config is the browser core's
// own (spiral, no files), built without Node's file reader.
import { describe, expect, it } from 'vitest';
import { buildExperiment } from '../../src/config/build.js';
import { parseTrainConfig } from '../../src/config/load-config.js';
import { fit, type FitOptions } from '../../src/train/fit.js';

function options(epochs: number): FitOptions {
  const config = parseTrainConfig({
    seed: 3,
    data: { source: { type: 'spiral', classes: 3, pointsPerClass: 50 } },
    model: [{ type: 'linear', units: 16 }, 'relu', { type: 'linear', units: 3 }],
    loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, epochs, batchSize: 10,
  }, 'abort.json');
  const exp = buildExperiment(config);
  return { model: exp.model, loss: exp.loss, optimizer: exp.optimizer, train: exp.train, epochs, batchSize: exp.batchSize, rng: exp.shuffleRng };
}

describe('fit with an AbortSignal', () => {
  it('takes no step after the signal fires: aborting in the 7th step callback leaves exactly 7 steps', async () => {
    const controller = new AbortController();
    let steps = 0;
    const result = await fit({
      ...options(50), signal: controller.signal,
      callbacks: { onIteration: () => { if (++steps === 7) controller.abort(); } },
    });
    expect(result.status).toBe('aborted');
    expect(steps).toBe(7);
    // 150 points in batches of 10: 15 steps an epoch, so the 7th step is inside epoch 1.
    expect(result.epochs).toBe(0);
    expect(result.message).toContain('7 steps');
  });

  it('an already aborted signal trains nothing', async () => {
    const o = options(5);
    const before = o.model.stateDict();
    const result = await fit({ ...o, signal: AbortSignal.abort() });
    expect(result.status).toBe('aborted');
    const after = o.model.stateDict();
    for (const [name, v] of Object.entries(before)) expect(Array.from(after[name]!.data)).toEqual(Array.from(v.data));
  });

  it('yields to the event loop: a timer set before a long fit runs, and its abort stops the fit', async () => {
    const controller = new AbortController();
    // 100,000 epochs of 15 steps could not finish before the timer unless fit never yielded.
    const running = fit({ ...options(100_000), signal: controller.signal });
    setTimeout(() => controller.abort(), 0);
    const result = await running;
    expect(result.status).toBe('aborted');
    expect(result.epochs).toBeLessThan(100_000);
  });
});
