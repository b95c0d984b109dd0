// Training and predicting on a CSV whose labels are class names: the model file records the names,
// predict prints them (and --json gives each prediction's index and name), and a test or predict file
// with a name training never saw is refused naming its row.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { dataNotices } from '../../src/config/data-notices.js';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { ConfigError } from '../../src/errors.js';
import { deserializeModel, serializeModel } from '../../src/nn/serialize.js';
import { loadModel, saveModel } from '../../src/train/node/model-file.js';
import { captureIO, tempDir } from './helpers.js';

const dir = tempDir('names');
// Three well-separated clusters on the first feature; the classes in sorted order are
// setosa=0, versicolor=1, virginica=2, while the file lists virginica first.
const CENTERS: Record<string, number> = { virginica: 10, setosa: 0, versicolor: 5 };

function rows(names: readonly string[], per: number): string {
  const lines = ['sepal,petal,species'];
  for (let i = 0; i < per; i++) {
    for (const name of names) lines.push(`${CENTERS[name]! + (i % 5) * 0.1},${(i % 3) * 0.1},${name}`);
  }
  return `${lines.join('\n')}\n`;
}

const config = (extra: Record<string, unknown> = {}) => ({
  seed: 1,
  data: { source: { type: 'csv', path: 'train.csv', label: 'species' }, preprocess: ['standardize'], ...extra },
  model: [{ type: 'linear', units: 16 }, { type: 'relu' }, { type: 'linear', units: 3 }],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'adam', lr: 0.01 },
  epochs: 200,
});

async function run(...argv: string[]) {
  const io = captureIO(dir);
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

let trained: Awaited<ReturnType<typeof run>>;
beforeAll(async () => {
  writeFileSync(join(dir, 'train.csv'), rows(['virginica', 'setosa', 'versicolor'], 10));
  writeFileSync(join(dir, 'predict.csv'), 'sepal,petal,species\n0,0,setosa\n10,0,virginica\n5,0,versicolor\n');
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config()));
  trained = await run('train', 'config.json', '--quiet', '--out', 'run');
});

describe('string labels end to end', () => {
  it('trains, and the model file records the names in sorted order', () => {
    // The one line on stderr is the hint that explains the mapping.
    expect(trained.stderr).toMatch(/^descent: hint: \S*train\.csv: labels mapped to classes: setosa=0, versicolor=1, virginica=2\n$/);
    expect(trained.code).toBe(0);
    const loaded = loadModel(join(dir, 'run', 'model.json'));
    expect(loaded.extras['classNames']).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(loaded.extras['classes']).toBe(3);
    // Round trip: the names survive serializing the loaded model again.
    const again = deserializeModel(serializeModel({ config: loaded.config, inputSize: loaded.inputSize, state: loaded.state, extras: loaded.extras }));
    expect(again.extras['classNames']).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('predict prints class names and scores against the name labels', async () => {
    const r = await run('predict', 'run/model.json', 'predict.csv', '--label', 'species');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('setosa\nvirginica\nversicolor\n');
    expect(r.stderr).toContain('accuracy 100.00% (3/3)');
  });

  it('predict --json gives each prediction as index and name', async () => {
    const r = await run('predict', 'run/model.json', 'predict.csv', '--label', 'species', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out['predictions']).toEqual([0, 2, 1]);
    expect(out['names']).toEqual(['setosa', 'virginica', 'versicolor']);
    expect(out['classNames']).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('predict refuses a name the model does not know, naming the row', async () => {
    writeFileSync(join(dir, 'unknown.csv'), 'sepal,petal,species\n0,0,setosa\n1,0,rose\n');
    const r = await run('predict', 'run/model.json', 'unknown.csv', '--label', 'species');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 3 (row 2), column "species": label "rose" is not one of the classes (setosa, versicolor, virginica)');
  });

  it('a test file uses the training mapping, and an unknown name in it is an error', async () => {
    // The test file lists only two classes, in reverse order: read with the training names, each
    // keeps its training index, so the model scores it fully.
    writeFileSync(join(dir, 'test.csv'), rows(['virginica', 'setosa'], 2));
    const exp = buildExperiment(parseTrainConfig(config({ test: { type: 'csv', path: 'test.csv', label: 'species' } }), join(dir, 'config.json')));
    // rows() alternates virginica, setosa: indices 2, 0.
    expect(Array.from(exp.test!.labels!)).toEqual([2, 0, 2, 0]);
    writeFileSync(join(dir, 'bad-test.csv'), 'sepal,petal,species\n0,0,setosa\n1,0,rose\n');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(config({ test: { type: 'csv', path: 'bad-test.csv', label: 'species' } })));
    const r = await run('train', 'bad.json', '--quiet', '--out', 'bad-run');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('bad-test.csv, line 3 (row 2), column "species": label "rose" is not one of the classes');
  });

  it('classes in the config set the order, and the notices explain the mapping', () => {
    const exp = buildExperiment(parseTrainConfig(config({ source: { type: 'csv', path: 'train.csv', label: 'species', classes: ['virginica', 'versicolor', 'setosa'] } }), join(dir, 'config.json')));
    expect(exp.classNames).toEqual(['virginica', 'versicolor', 'setosa']);
    // train.csv starts virginica, setosa, versicolor: indices 0, 2, 1 in the given order.
    expect(Array.from(exp.train.labels!.subarray(0, 3))).toEqual([0, 2, 1]);
    expect(dataNotices(exp)).toEqual([`hint: ${join(dir, 'train.csv')}: labels mapped to classes: virginica=0, versicolor=1, setosa=2`]);
  });

  it('refuses names with a regression loss, naming the loss field', () => {
    const build = () => buildExperiment(parseTrainConfig({ ...config(), loss: 'mse' }, join(dir, 'config.json')));
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/^.*loss: the labels of .*train\.csv are class names \(setosa, versicolor, virginica\), but mse is a regression loss/);
  });

  it('predict refuses a model file whose names do not match its class count', async () => {
    const loaded = loadModel(join(dir, 'run', 'model.json'));
    saveModel(join(dir, 'bad-names.json'), { config: loaded.config, inputSize: loaded.inputSize, state: loaded.state, extras: { ...loaded.extras, classNames: ['a', 'b'] } });
    const r = await run('predict', 'bad-names.json', 'predict.csv', '--label', 'species');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad-names.json, extras.classNames: 2 class names for 3 classes');
  });
});
