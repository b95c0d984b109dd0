// Random inputs for the bounded readers. CSV text with quoted fields that hold commas, quotes and
// line breaks gives the same dataset, or the same error, whatever size the pieces it is parsed in
// (the size cannot change the meaning of a file). JSON text of random nesting is refused before any
// parse exactly when it nests deeper than 64 levels, counted here by the generator, not the code.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNesting } from '../../src/config/read-json.js';
import { parseCsvInPieces } from '../../src/data/csv.js';
import { ConfigError, DataError } from '../../src/errors.js';
import { deserializeModel } from '../../src/nn/serialize.js';
import { FUZZ_TIMEOUT, fuzzParams } from './runs.js';

const cell = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((v) => String(v)),
  fc.constantFrom('"1"', '"2.5"', '"a,b"', '"x""y"', '"line\nbreak"', 'oops', ''),
);

function outcome(bytes: Uint8Array, pieceBytes: number): unknown {
  try {
    const ds = parseCsvInPieces(bytes, 'f.csv', { label: 'y' }, { pieceBytes, maxPieceBytes: 1 << 30 });
    return { n: ds.n, d: ds.d, x: Array.from(ds.x), y: Array.from(ds.y) };
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    return { error: error.message };
  }
}

describe('CSV in pieces, random files', () => {
  it('the piece size never changes the dataset or the message', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 64 }),
        (rows, pieceBytes) => {
          const text = ['a,"b\nc",y', ...rows.map((r) => r.join(','))].join('\n') + '\n';
          const bytes = new TextEncoder().encode(text);
          expect(outcome(bytes, pieceBytes)).toEqual(outcome(bytes, 1 << 30));
        },
      ),
      fuzzParams(),
    );
  }, FUZZ_TIMEOUT);
});

describe('nesting, random depths', () => {
  it('a config or model file is refused before parsing exactly when it nests deeper than 64', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('[', '{"k":'), { minLength: 1, maxLength: 200 }), (opens) => {
        const depth = opens.length;
        const closes = opens.map((o) => (o === '[' ? ']' : '}')).reverse().join('');
        const text = `${opens.join('')}1${closes}`;
        const tooDeep = depth > 64;
        let configRefused = false;
        try {
          checkNesting(text, 'c.json');
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          configRefused = true;
        }
        expect(configRefused).toBe(tooDeep);
        let modelMessage = '';
        try {
          deserializeModel(text, { file: 'm.json' });
        } catch (error) {
          expect(error).toBeInstanceOf(DataError);
          modelMessage = (error as Error).message;
        }
        expect(modelMessage.includes('nested more than 64 levels')).toBe(tooDeep);
      }),
      fuzzParams(),
    );
  }, FUZZ_TIMEOUT);
});
