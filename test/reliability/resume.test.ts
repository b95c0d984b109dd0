// Checkpoint and resume: a run stopped after k epochs and resumed ends with bitwise the same
// parameters (and optimizer, generator, early-stopping and plateau state) as an uninterrupted one.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import { resumeTraining, trainFromConfig } from '../../src/config/node/train-run.js';
import { DataError } from '../../src/errors.js';
import { stripUndefined } from '../../src/config/strip-undefined.js';
import type { TrainConfig } from '../../src/config/schema.js';
import { decodeCheckpoint, encodeCheckpoint, type TrainingState } from '../../src/train/checkpoint.js';
import { fit, type FitOptions } from '../../src/train/fit.js';
import { resumedEvents } from '../../src/train/resumed-events.js';
import { readRunLog } from '../../src/train/node/run-log-file.js';
import { ADAM_DROPOUT, SGD_PLATEAU, tempDir, withEpochs } from './configs.js';

/** fit options for a config, built from scratch (as a fresh process would). */
function fitOptions(config: TrainConfig): FitOptions {
  const exp = buildExperiment(config);
  return {
    model: exp.model, loss: exp.loss, optimizer: exp.optimizer, train: exp.train, epochs: config.epochs,
    batchSize: exp.batchSize, rng: exp.shuffleRng, dtype: exp.dtype,
    ...(exp.validation === undefined ? {} : { validation: exp.validation }),
    ...(config.regularization === undefined ? {} : { regularization: stripUndefined(config.regularization) }),
    ...(exp.schedule === undefined ? {} : { schedule: exp.schedule }),
    ...(exp.momentumSchedule === undefined ? {} : { momentumSchedule: exp.momentumSchedule }),
    ...(exp.plateau === undefined ? {} : { plateau: exp.plateau }),
    ...(config.earlyStopping === undefined ? {} : { earlyStopping: stripUndefined(config.earlyStopping) }),
  };
}

/** Every parameter's bytes, by name. */
function parameterBytes(o: FitOptions): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(o.model.stateDict())) out[name] = [...new Uint8Array(t.data.buffer.slice(0))];
  return out;
}

describe.each([
  ['adam + dropout + lr and momentum schedules + early stopping', ADAM_DROPOUT, 8, [1, 3, 6]],
  ['sgd momentum + plateau reducer + l2', SGD_PLATEAU, 7, [2, 5]],
] as const)('fit resume (%s)', (_name, raw, epochs, stops) => {
  it.each(stops)('stopping after %i epochs and resuming gives bitwise the uninterrupted parameters and state', async (k) => {
    const full = fitOptions(withEpochs(raw, epochs));
    let finalState: TrainingState | undefined;
    const whole = await fit({ ...full, checkpoint: { save: (s) => void (finalState = s) } });
    expect(whole.status).toBe('finished');

    let saved = '';
    const first = fitOptions(withEpochs(raw, k));
    await fit({ ...first, checkpoint: { save: (s) => void (saved = encodeCheckpoint(s)) } });
    const state = decodeCheckpoint(saved);
    expect(state.epoch).toBe(k);

    const second = fitOptions(withEpochs(raw, epochs));
    let resumedState: TrainingState | undefined;
    const resumed = await fit({ ...second, resume: state, checkpoint: { save: (s) => void (resumedState = s) } });
    expect(resumed.epochs).toBe(epochs);
    expect(resumed.history.map((e) => e.epoch)).toEqual(Array.from({ length: epochs - k }, (_, i) => k + 1 + i));
    expect(resumed.history.map((e) => e.trainLoss)).toEqual(whole.history.slice(k).map((e) => e.trainLoss));
    expect(parameterBytes(second)).toEqual(parameterBytes(full));
    // Optimizer moments, generators, early stopping and plateau state too: the whole checkpoint text.
    expect(encodeCheckpoint(resumedState!)).toBe(encodeCheckpoint(finalState!));
  });
});

describe('a run directory resumed after a crash', () => {
  it('ends with the same model.json and checkpoint as an uninterrupted run; readers see each epoch once', async () => {
    const config = withEpochs(ADAM_DROPOUT, 8);
    const reference = await trainFromConfig(config, { outDir: join(tempDir(), 'ref'), checkpointEvery: 1 });

    const dir = join(tempDir(), 'run');
    // A "crash" at epoch 5, after the epoch was logged but before its checkpoint: the log holds
    // epoch 5 (and its iterations), the checkpoint is epoch 4's.
    const crash = trainFromConfig(config, {
      outDir: dir, checkpointEvery: 1,
      callbacks: { onEpoch: (e) => { if (e.epoch === 5) throw new Error('simulated crash'); } },
    });
    await expect(crash).rejects.toThrow('simulated crash');
    expect(decodeCheckpoint(readFileSync(join(dir, 'checkpoint.json'), 'utf8')).epoch).toBe(4);
    appendFileSync(join(dir, 'metrics.jsonl'), '{"type":"iteration","step":3'); // torn by the kill
    const before = readFileSync(join(dir, 'metrics.jsonl'), 'utf8');

    const summary = await resumeTraining(dir, { checkpointEvery: 1 });
    expect(summary.epochs).toBe(8);
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe(readFileSync(join(reference.runDir, 'model.json'), 'utf8'));
    expect(readFileSync(join(dir, 'checkpoint.json'), 'utf8')).toBe(readFileSync(join(reference.runDir, 'checkpoint.json'), 'utf8'));

    const after = readFileSync(join(dir, 'metrics.jsonl'), 'utf8');
    expect(after.startsWith(before)).toBe(true); // appended, never rewritten
    const events = resumedEvents(readRunLog(join(dir, 'metrics.jsonl')).events);
    const refEvents = readRunLog(join(reference.runDir, 'metrics.jsonl')).events;
    const epochs = (es: typeof events) => es.flatMap((e) => (e.type === 'epoch' ? [[e.epoch, e.step, e.trainLoss]] : []));
    const steps = (es: typeof events) => es.flatMap((e) => (e.type === 'iteration' ? [[e.step, e.loss]] : []));
    expect(epochs(events)).toEqual(epochs(refEvents));
    expect(steps(events)).toEqual(steps(refEvents));
    expect(events.filter((e) => e.type === 'start').map((e) => (e.type === 'start' ? e.resumedFromEpoch : 0))).toEqual([undefined, 4]);
    expect(events.filter((e) => e.type === 'end')).toHaveLength(1);
  });

  it('refuses a damaged checkpoint with a message naming the file, and leaves the run untouched', async () => {
    const dir = join(tempDir(), 'run');
    await trainFromConfig(withEpochs(ADAM_DROPOUT, 2), { outDir: dir });
    // As if killed before its end record: a finished run is answered before its checkpoint is read.
    dropEnd(join(dir, 'metrics.jsonl'));
    const file = join(dir, 'checkpoint.json');
    const text = readFileSync(file, 'utf8');
    const i = text.indexOf('"data":"') + 12;
    writeFileSync(file, text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1));
    const metrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8');
    await expect(resumeTraining(dir)).rejects.toThrow(DataError);
    await expect(resumeTraining(dir)).rejects.toThrow(/checkpoint\.json.*checksum mismatch/);
    writeFileSync(file, text.slice(0, 200));
    await expect(resumeTraining(dir)).rejects.toThrow(/checkpoint\.json.*cut short/);
    expect(readFileSync(join(dir, 'metrics.jsonl'), 'utf8')).toBe(metrics);
  });

  it('refuses a folder without a checkpoint, and a checkpoint that belongs to another model', async () => {
    const dir = join(tempDir(), 'run');
    await trainFromConfig(withEpochs(ADAM_DROPOUT, 1), { outDir: dir, checkpointEvery: 0 });
    dropEnd(join(dir, 'metrics.jsonl'));
    await expect(resumeTraining(dir)).rejects.toThrow(/checkpoint\.json: no checkpoint to resume from/);
    await expect(resumeTraining(tempDir())).rejects.toThrow(/no config\.json/);

    const other = join(tempDir(), 'run');
    await trainFromConfig(withEpochs(SGD_PLATEAU, 1), { outDir: other });
    writeFileSync(join(dir, 'checkpoint.json'), readFileSync(join(other, 'checkpoint.json')));
    await expect(resumeTraining(dir)).rejects.toThrow(/checkpoint\.json: the checkpoint does not fit the model of config\.json/);
  });
});

/** Removes a run log's end record, as if the run had been killed just before writing it. */
function dropEnd(log: string): void {
  writeFileSync(log, readFileSync(log, 'utf8').split('\n').filter((l) => !l.includes('"type":"end"')).join('\n'));
}
