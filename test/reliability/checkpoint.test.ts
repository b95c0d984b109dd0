// checkpoint.json's form (exact round trip, refusal of damaged or foreign files) and the rule by
// which readers treat records superseded by a resume.
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { crc32 } from '../../src/nn/checksum.js';
import { canonicalJson } from '../../src/nn/canonical-json.js';
import { decodeCheckpoint, encodeCheckpoint, type TrainingState } from '../../src/train/checkpoint.js';
import { resumedEvents } from '../../src/train/resumed-events.js';
import type { RunEvent } from '../../src/train/run-log.js';

const STATE: TrainingState = {
  epoch: 3, step: 12, baseLr: 0.1, plateauFactor: 0.5,
  model: {
    w: { shape: [2, 2], data: Float32Array.from([1.5, -0, Math.fround(1 / 3), 3.4028234663852886e38]) },
    b: { shape: [2], data: Float64Array.from([1 / 3, -5e-324]) },
  },
  modelRngs: { 'layers.2.rng': { s: [1, 2, 3, 0xffffffff], spareNormal: 0.25 } },
  optimizer: { format: 'descent.optimizer', version: 1, type: 'sgd', stepCount: 12, hyperparams: { lr: 0.05 }, params: [], state: {} },
  shuffleRng: { s: [5, 6, 7, 8], spareNormal: null },
  earlyStopping: { best: 0.7, bestEpoch: 2, wait: 1 },
  plateau: { best: 0.3, badEpochs: 0, cooldownLeft: 0, multiplier: 0.5 },
  best: { w: { shape: [1], data: Float32Array.from([2]) } },
};

/** Re-signs an edited checkpoint body, as a careless tool might, so only the field checks catch it. */
function resign(body: Record<string, unknown>): string {
  const { checksum: _, ...rest } = body;
  const c = crc32(new TextEncoder().encode(canonicalJson(rest)));
  return JSON.stringify({ ...rest, checksum: `crc32:${c.toString(16).padStart(8, '0')}` });
}

describe('checkpoint encoding', () => {
  it('round-trips every value exactly, -0 and subnormals included', () => {
    const back = decodeCheckpoint(encodeCheckpoint(STATE));
    expect(back.model.w!.data).toBeInstanceOf(Float32Array);
    expect(back.model.b!.data).toBeInstanceOf(Float64Array);
    expect(Object.is(back.model.w!.data[1], -0)).toBe(true);
    expect(back.model.b!.data[1]).toBe(-5e-324);
    expect(back).toEqual(STATE);
    expect(encodeCheckpoint(back)).toBe(encodeCheckpoint(STATE));
  });

  it('refuses other files, other versions, edits and malformed fields, naming the file and field', () => {
    const body = JSON.parse(encodeCheckpoint(STATE)) as Record<string, unknown>;
    const cases: [string, RegExp][] = [
      ['{"format":"descent-model"}', /ck\.json, format: not a checkpoint/],
      [resign({ ...body, version: 2 }), /version: checkpoint version 2 is not supported/],
      [JSON.stringify({ ...body, epoch: 4 }), /checksum: checksum mismatch/],
      [resign({ ...body, epoch: -1 }), /epoch: expected a whole number >= 0, got -1/],
      [resign({ ...body, shuffleRng: { s: [1, 2, 3], spareNormal: null } }), /shuffleRng: expected a generator state/],
      [resign({ ...body, model: { w: { dtype: 'float32', shape: [3], data: 'AAAAAA==' } } }), /model\.w\.data: shape \[3\] needs 12 bytes, got 4/],
      [resign({ ...body, model: { w: { dtype: 'float32', shape: [1], data: 'AA*A' } } }), /model\.w\.data: invalid base64 character/],
      ['', /bad JSON/],
    ];
    for (const [text, message] of cases) {
      expect(() => decodeCheckpoint(text, 'ck.json')).toThrow(DataError);
      expect(() => decodeCheckpoint(text, 'ck.json')).toThrow(message);
    }
  });
});

const start = (resumedFromEpoch?: number): RunEvent => ({
  type: 'start', time: '', name: 'r', config: {}, parameters: 1, trainSize: 1, valSize: 0, testSize: 0, stepsPerEpoch: 2, backend: 'cpu',
  ...(resumedFromEpoch === undefined ? {} : { resumedFromEpoch }),
});
const it_ = (step: number, loss = step): RunEvent => ({ type: 'iteration', step, t: 0, loss, lr: 1 });
const ep = (epoch: number, step: number, trainLoss = epoch): RunEvent => ({
  type: 'epoch', epoch, step, seconds: 0, lr: 1, trainLoss, updateRatios: {}, deadRelu: {},
});

describe('resumedEvents', () => {
  it('drops the records after the checkpoint epoch that a resume superseded, keeps the rest in order', () => {
    const events = [start(), it_(1), it_(2), ep(1, 2), it_(3), it_(4), ep(2, 4), it_(5), start(1), it_(3, 30), it_(4, 40), ep(2, 4, 20)];
    expect(resumedEvents(events)).toEqual([start(), it_(1), it_(2), ep(1, 2), start(1), it_(3, 30), it_(4, 40), ep(2, 4, 20)]);
  });

  it('handles a resume from epoch 0, repeated resumes and an earlier end record', () => {
    const end: RunEvent = { type: 'end', status: 'finished', epochs: 1, seconds: 0 };
    const events = [start(), it_(1), ep(1, 1), end, start(0), it_(1, 9), start(0), it_(1, 8), ep(1, 1, 8)];
    expect(resumedEvents(events)).toEqual([start(), start(0), start(0), it_(1, 8), ep(1, 1, 8)]);
    expect(resumedEvents([start(), it_(1)])).toEqual([start(), it_(1)]);
  });
});
