// Model files on disk (src/train/model-file.ts): atomic save, exact load, errors that name the file.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noGrad } from '../../src/context.js';
import { DataError } from '../../src/errors.js';
import { buildModel } from '../../src/nn/from-config.js';
import { atomicWriteFile } from '../../src/train/node/atomic-write.js';
import { loadModel, saveModel } from '../../src/train/node/model-file.js';
import { randn } from '../../src/tensor/create.js';

const CONFIG = [
  { type: 'linear', units: 16 },
  'relu',
  { type: 'dropout', rate: 0.5 },
  { type: 'linear', units: 3 },
];
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'descent-model-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saveModel / loadModel', () => {
  it('round-trips to bitwise-identical outputs and leaves no temp file behind', async () => {
    const model = buildModel(CONFIG, { inputSize: 2, seed: 3 }).eval();
    const path = join(dir, 'model.json');
    await saveModel(path, {
      config: CONFIG,
      inputSize: 2,
      state: model.stateDict(),
      extras: { classes: 3 },
    });
    await saveModel(path, {
      config: CONFIG,
      inputSize: 2,
      state: model.stateDict(),
      extras: { classes: 3 },
    }); // overwrite
    expect(await readdir(dir)).toEqual(['model.json']);
    const loaded = await loadModel(path);
    const x = randn([20, 2], { seed: 4 });
    const a = noGrad(() => model.forward(x)).data;
    const b = noGrad(() => loaded.model.forward(x)).data;
    expect(new Uint8Array(b.buffer)).toEqual(new Uint8Array(a.buffer));
    expect(loaded.extras).toEqual({ classes: 3 });
  });

  it('refuses a truncated or edited file with a DataError naming the file', async () => {
    const path = join(dir, 'damaged.json');
    await saveModel(path, {
      config: CONFIG,
      inputSize: 2,
      state: buildModel(CONFIG, { inputSize: 2 }).stateDict(),
    });
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, text.length - 100));
    expect(() => loadModel(path)).toThrow(DataError);
    expect(() => loadModel(path)).toThrow(`${path}: not a model file: bad JSON at offset`);
    await writeFile(path, text.replace('"inputSize": 2', '"inputSize": 3'));
    expect(() => loadModel(path)).toThrow(/checksum mismatch/);
  });

  it('names a missing file', async () => {
    expect(() => loadModel(join(dir, 'nope.json'))).toThrow(
      `${join(dir, 'nope.json')}: cannot read the model file: no such file`,
    );
  });

  it('atomicWriteFile reports an unwritable path as a DataError naming it', () => {
    const blocker = join(dir, 'a-file');
    atomicWriteFile(blocker, 'x');
    const path = join(blocker, 'x.json'); // a folder that is a file: cannot be created
    expect(() => atomicWriteFile(path, 'x')).toThrow(DataError);
    expect(() => atomicWriteFile(path, 'x')).toThrow(path);
  });

  it('atomicWriteFile refuses a folder as the target before writing anything', () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    expect(() => atomicWriteFile(folder, 'x')).toThrow(`${folder}: is a folder; expected the path of a file to write`);
    expect(readdirSync(folder)).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
