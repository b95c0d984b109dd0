// data.test as a fraction: that share of data.source is held out as the test set, stratified for
// classes and seeded, before the validation fraction splits what remains.
import { describe, expect, it } from 'vitest';
import { buildExperiment } from '../../src/config/build.js';
import { parseTrainConfig } from '../../src/config/load-config.js';
import type { Dataset } from '../../src/data/dataset.js';

// 3 spiral classes of 100 points each.
function config(data: Record<string, unknown>, seed = 1, loss = 'softmaxCrossEntropy'): unknown {
  return {
    seed,
    data: { source: { type: 'spiral', classes: 3, pointsPerClass: 100 }, ...data },
    model: [{ type: 'linear', units: 3 }],
    loss, optimizer: 'sgd', epochs: 1,
  };
}

const build = (input: unknown) => buildExperiment(parseTrainConfig(input, 'cfg.json'));

// Each row with its label: the three spiral arms all start at the origin.
function rows(ds: Dataset): string[] {
  return Array.from({ length: ds.n }, (_, i) => `${Array.from(ds.x.subarray(i * ds.d, (i + 1) * ds.d)).join(',')}:${ds.y[i]}`);
}

function classCounts(ds: Dataset): number[] {
  const counts = [0, 0, 0];
  for (let i = 0; i < ds.n; i++) counts[ds.y[i]!]! += 1;
  return counts;
}

describe('data.test as a fraction', () => {
  it('holds out that share of each class, and validation splits the rest', () => {
    const exp = build(config({ test: 0.2, validation: 0.25 }));
    // 0.2 of 300 rows = 60 test rows, 20 per class; 0.25 of the 240 left = 60 validation rows.
    expect(exp.test!.ds.n).toBe(60);
    expect(classCounts(exp.test!.ds)).toEqual([20, 20, 20]);
    expect(exp.validation!.ds.n).toBe(60);
    expect(exp.train.ds.n).toBe(180);
    const test = new Set(rows(exp.test!.ds));
    const seen = [...rows(exp.train.ds), ...rows(exp.validation!.ds)];
    expect(seen.filter((r) => test.has(r))).toEqual([]);
    expect(new Set([...seen, ...test]).size).toBe(300);
  });

  it('is seeded: the same seed holds out the same rows, another seed others', () => {
    const a = rows(build(config({ test: 0.2 }, 1)).test!.ds);
    const b = rows(build(config({ test: 0.2 }, 1)).test!.ds);
    const c = rows(build(config({ test: 0.2 }, 2)).test!.ds);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('leaves the validation split of a config without a test fraction as it was', () => {
    // The test split draws from a stream of its own, so adding it elsewhere changes nothing here.
    const before = rows(build(config({ validation: 0.25 })).validation!.ds);
    const again = rows(build(config({ validation: 0.25 })).validation!.ds);
    expect(again).toEqual(before);
    expect(before).toHaveLength(75);
  });

  it('a fraction that leaves the test set empty names data.test', () => {
    // round(300 * 0.001) = 0 rows.
    expect(() => build(config({ test: 0.001 }))).toThrow('data.test: a test fraction of 0.001 of 300 rows leaves the test set empty');
  });

  it('a fraction outside (0, 1) is refused by the schema, naming data.test', () => {
    expect(() => parseTrainConfig(config({ test: 1.5 }), 'cfg.json')).toThrow(/^cfg\.json: data\.test: .*1/);
    expect(() => parseTrainConfig(config({ test: 0 }), 'cfg.json')).toThrow(/^cfg\.json: data\.test: /);
  });

  it('a test source keeps its messages: an unknown type gets its suggestion', () => {
    expect(() => parseTrainConfig(config({ test: { type: 'spirall' } }), 'cfg.json')).toThrow("unknown type \"spirall\"");
    expect(() => parseTrainConfig(config({ test: { type: 'spirall' } }), 'cfg.json')).toThrow("(did you mean 'spiral'?)");
    expect(() => parseTrainConfig(config({ test: { type: 'csv', path: 'a.csv' } }), 'cfg.json')).toThrow('data.test.label: missing required field');
  });
});
