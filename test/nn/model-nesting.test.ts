// A model file nested deeper than any model needs is refused before JSON.parse and the recursive
// syntax scanner see it (100,000 levels would otherwise overflow the stack in the scanner), with the
// offset of the first level past the limit (64), counted here by hand: 65 '[' open at offsets 0..64.
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { deserializeModel } from '../../src/nn/serialize.js';

describe('model file nesting', () => {
  it('refuses 100,000 nested arrays with a DataError naming the file and the offset', () => {
    const text = `{"model": ${'['.repeat(100_000)}`;
    // The first '[' is at offset 10; the 65th (the one past 64 levels, counting the outer '{') at 10 + 63.
    expect(() => deserializeModel(text, { file: 'deep.json' })).toThrow(DataError);
    expect(() => deserializeModel(text, { file: 'deep.json' })).toThrow(/deep\.json.*nested more than 64 levels deep at offset 73/);
  });

  it('leaves 64 levels to the ordinary checks', () => {
    const text = `{"model": ${'['.repeat(63)}${']'.repeat(63)}}`;
    expect(() => deserializeModel(text, { file: 'ok.json' })).not.toThrow(/nested more than/);
  });
});
