// Model (de)serialization: exact round trips, and every kind of damage refused with a clear DataError.
import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../src/errors.js';
import { decodeBase64, encodeBase64 } from '../../src/base64.js';
import { canonicalJson } from '../../src/nn/canonical-json.js';
import { crc32 } from '../../src/nn/checksum.js';
import { buildModel } from '../../src/nn/from-config.js';
import { deserializeModel, serializeModel } from '../../src/nn/serialize.js';
import { jsonErrorOffset } from '../../src/nn/json-offset.js';
import { randn } from '../../src/tensor/create.js';
import { noGrad } from '../../src/context.js';

const CONFIG = [
  { type: 'linear', units: 8 },
  'batchNorm',
  'relu',
  { type: 'dropout', rate: 0.3 },
  { type: 'maxout', units: 4, pieces: 2 },
  { type: 'linear', units: 3 },
];
const EXTRAS = {
  classes: 3,
  preprocess: [{ type: 'standardize', mean: [0.25, -1.5], std: [2, 0.5] }],
};

function trained(dtype: 'float32' | 'float64') {
  const model = buildModel(CONFIG, { inputSize: 2, seed: 11, dtype });
  // Move the batch-norm running statistics off their initial values, as training would.
  model.forward(randn([16, 2], { dtype, seed: 12 }));
  model.eval();
  return model;
}

function failure(text: string): DataError {
  try {
    deserializeModel(text, { file: 'm.json' });
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

describe('known vectors of the helpers', () => {
  it('crc32 of "123456789" is cbf43926 (the standard check value)', () => {
    expect(crc32(new TextEncoder().encode('123456789')).toString(16)).toBe('cbf43926');
    expect(crc32(new TextEncoder().encode('56789'), crc32(new TextEncoder().encode('1234')))).toBe(
      0xcbf43926,
    );
  });

  it('base64 follows RFC 4648 test vectors and refuses damage', () => {
    const enc = (s: string) => encodeBase64(new TextEncoder().encode(s));
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(enc)).toEqual([
      '',
      'Zg==',
      'Zm8=',
      'Zm9v',
      'Zm9vYg==',
      'Zm9vYmE=',
      'Zm9vYmFy',
    ]);
    const dec = decodeBase64('Zm9vYmE=');
    expect('bytes' in dec && new TextDecoder().decode(dec.bytes)).toBe('fooba');
    expect(decodeBase64('Zm9vYmE')).toEqual({ error: 'base64 length 7 is not a multiple of 4' });
    expect(decodeBase64('Zm9v*mFy')).toEqual({ error: 'invalid base64 character "*" at offset 4' });
    expect(decodeBase64('Zm=vYmFy')).toHaveProperty('error');
  });

  it('base64 decodes what it encodes, for every length remainder', () => {
    for (let len = 0; len < 40; len++) {
      const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 97 + len * 13) & 255);
      const back = decodeBase64(encodeBase64(bytes));
      expect('bytes' in back && Array.from(back.bytes)).toEqual(Array.from(bytes));
    }
  });

  it('canonicalJson sorts keys and refuses what JSON cannot hold', () => {
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: true })).toBe(
      '{"a":true,"b":[1,{"c":"x","d":null}]}',
    );
    expect(() => canonicalJson({ mean: [1, Number.NaN] }, 'extras')).toThrow(ConfigError);
    expect(() => canonicalJson({ mean: [1, Number.NaN] }, 'extras')).toThrow('extras.mean.1');
  });
});

describe('serializeModel / deserializeModel', () => {
  it.each(['float32', 'float64'] as const)(
    'round-trips a %s model to bitwise-identical outputs',
    (dtype) => {
      const model = trained(dtype);
      const text = serializeModel({
        config: CONFIG,
        inputSize: 2,
        dtype,
        state: model.stateDict(),
        extras: EXTRAS,
      });
      const loaded = deserializeModel(text);
      const x = randn([10, 2], { dtype, seed: 13 });
      const before = noGrad(() => model.forward(x)).data;
      const after = noGrad(() => loaded.model.forward(x)).data;
      expect(after.constructor).toBe(before.constructor);
      expect(new Uint8Array(after.buffer)).toEqual(new Uint8Array(before.buffer));
      expect(loaded.extras).toEqual(EXTRAS);
      expect(loaded.dtype).toBe(dtype);
      expect(loaded.inputSize).toBe(2);
      expect(loaded.model.training).toBe(false);
      expect(loaded.config[0]).toEqual({ type: 'linear', units: 8, init: 'he', bias: true });
      expect(Object.keys(loaded.state)).toContain('layers.1.runningVar');
    },
  );

  it('writes a self-describing JSON object', () => {
    const text = serializeModel({
      config: CONFIG,
      inputSize: 2,
      state: trained('float32').stateDict(),
    });
    const obj = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(obj)).toEqual([
      'format',
      'version',
      'dtype',
      'inputSize',
      'model',
      'extras',
      'tensors',
      'checksum',
    ]);
    expect(obj['format']).toBe('descent-model');
    expect(obj['checksum']).toMatch(/^crc32:[0-9a-f]{8}$/);
  });

  it('ignores formatting changes (the checksum covers content, not whitespace or key order)', () => {
    const text = serializeModel({
      config: CONFIG,
      inputSize: 2,
      state: trained('float32').stateDict(),
      extras: EXTRAS,
    });
    const obj = JSON.parse(text) as Record<string, unknown>;
    const reordered = JSON.stringify({ checksum: obj['checksum'], ...obj });
    expect(deserializeModel(reordered).extras).toEqual(EXTRAS);
  });

  describe('refuses damaged files with a DataError that names the file and the problem', () => {
    const text = serializeModel({
      config: CONFIG,
      inputSize: 2,
      state: trained('float32').stateDict(),
      extras: EXTRAS,
    });
    const edit = (
      f: (
        o: Record<string, unknown> & { tensors: { name: string; shape: number[]; data: string }[] },
      ) => void,
    ) => {
      const o = JSON.parse(text) as Parameters<typeof f>[0];
      f(o);
      return JSON.stringify(o);
    };

    it('truncated', () => {
      const e = failure(text.slice(0, Math.floor(text.length / 2)));
      expect(e.message).toMatch(
        /^m\.json: not a model file: bad JSON at offset \d+ \(the file ends early: truncated\?\)/,
      );
      expect(e.file).toBe('m.json');
    });

    it('bad JSON in the middle', () => {
      expect(failure(`${text.slice(0, 40)}}${text.slice(41)}`).message).toMatch(
        /bad JSON at offset 40/,
      );
    });

    it('a parameter value edited', () => {
      const damaged = edit((o) => {
        const t = o.tensors[0]!;
        t.data = (t.data[0] === 'A' ? 'B' : 'A') + t.data.slice(1);
      });
      expect(failure(damaged).message).toMatch(
        /checksum mismatch: the file says crc32:[0-9a-f]{8}, its contents give crc32:[0-9a-f]{8}/,
      );
    });

    it('the preprocessing extras edited', () => {
      const damaged = edit((o) => ((o['extras'] as { classes: number }).classes = 4));
      expect(failure(damaged).message).toMatch(/checksum mismatch/);
    });

    it('a tensor cut short', () => {
      // 16 float32 = 64 bytes = 88 base64 characters (the last group padded); 80 characters = 60 bytes.
      const damaged = edit((o) => (o.tensors[0]!.data = o.tensors[0]!.data.slice(0, -8)));
      expect(failure(damaged).message).toMatch(
        /tensors\.0\.data: parameter layers\.0\.weight has 15 values, expected 16 \(shape \(2,8\)\)/,
      );
    });

    it('missing fields, wrong format or version, bad base64', () => {
      expect(failure(edit((o) => delete o['checksum'])).message).toMatch(/checksum: missing field/);
      expect(failure(edit((o) => delete o['model'])).message).toMatch(/model: missing field/);
      expect(failure(edit((o) => (o['format'] = 'keras'))).message).toMatch(
        /not a descent model file/,
      );
      expect(failure(edit((o) => (o['version'] = 2))).message).toMatch(/newer descent/);
      expect(failure(edit((o) => (o['dtype'] = 'int8'))).message).toMatch(
        /dtype: expected "float32" or "float64"/,
      );
      expect(failure(edit((o) => (o.tensors[1]!.data = '!!!!'))).message).toMatch(
        /parameter layers\.0\.bias: invalid base64 character "!"/,
      );
      expect(failure('[]').message).toMatch(/expected a JSON object/);
    });

    it('an architecture that no longer fits its parameters (even with a recomputed checksum)', () => {
      const bad = JSON.parse(text) as {
        model: { units?: number }[];
        tensors: { shape: number[] }[];
      };
      bad.model[0]!.units = 9;
      // Re-serialize the edited record so the checksum is valid: the architecture check must still catch it.
      const loaded = deserializeModel(text);
      const resaved = serializeModel({ config: bad.model, inputSize: 2, state: loaded.state });
      const message = failure(resaved).message;
      expect(message).toMatch(/model: the stored architecture and parameters do not fit together/);
      expect(message).toMatch(/layers\.0\.weight has shape \(2,8\), the model expects \(2,9\)/);
    });
  });

  it('refuses to save extras JSON cannot hold, and an invalid config', () => {
    const state = trained('float32').stateDict();
    expect(() =>
      serializeModel({ config: CONFIG, inputSize: 2, state, extras: { mean: [Number.NaN] } }),
    ).toThrow('extras.mean.0');
    expect(() =>
      serializeModel({ config: [{ type: 'linaer', units: 3 }], inputSize: 2, state }),
    ).toThrow(ConfigError);
  });
});

describe('jsonErrorOffset', () => {
  it('finds the first bad character, text.length for a truncation, null for valid JSON', () => {
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('{"a": [1, 2')).toBe(11);
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset('{"a": "x\\q"}')).toBe(9);
    expect(jsonErrorOffset('[1.]')).toBe(3);
    expect(jsonErrorOffset('[01]')).toBe(2);
    expect(jsonErrorOffset('{} x')).toBe(3);
    expect(
      jsonErrorOffset(' {"a": [1, -2.5e+3, true, false, null, "\\u00e9\\n"], "b": {}} '),
    ).toBeNull();
    for (const s of ['{"a": 1,}', '[1, 2', '{"a" 1}', '"abc', '[1.]', '{}}']) {
      expect(() => JSON.parse(s)).toThrow(); // every case above really is invalid
    }
  });
});
