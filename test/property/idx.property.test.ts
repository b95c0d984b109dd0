// The IDX parser on random input: random headers, random bytes and truncations of valid files are
// parsed into arrays whose size matches the header, or rejected with a DataError naming the file
// and an offset inside it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { parseIdx } from '../../src/data/idx.js';
import { FUZZ_TIMEOUT, fuzzParams } from './runs.js';

const SIZES: Record<number, number> = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 };

function checkBytes(bytes: Uint8Array): void {
  try {
    const a = parseIdx(bytes, 'f.idx');
    const count = a.dims.reduce((x, y) => x * y, 1);
    expect(a.values.length).toBe(count);
    expect(bytes.length).toBe(4 + 4 * a.dims.length + count * SIZES[a.typeCode]!);
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    expect(error.file).toBe('f.idx');
    const offset = Number(/^offset (\d+)/.exec(error.location ?? '')?.[1]);
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThanOrEqual(bytes.length);
  }
}

const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

/** A valid IDX file of the given type and dims (values are arbitrary bytes). */
const validIdx = fc
  .record({
    type: fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e),
    dims: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
    seed: fc.nat(255),
  })
  .map(({ type, dims, seed }) => {
    const count = dims.reduce((a, b) => a * b, 1);
    const body = Array.from({ length: count * SIZES[type]! }, (_, i) => (i * 31 + seed) & 255);
    return Uint8Array.from([0, 0, type, dims.length, ...dims.flatMap(u32), ...body]);
  });

describe('IDX parser on random input', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), checkBytes), fuzzParams());
  }, FUZZ_TIMEOUT);

  it('random headers: any magic, type, dimension count and sizes (up to 2^32 - 1)', () => {
    const header = fc.tuple(fc.nat(2), fc.nat(255), fc.nat(255), fc.array(fc.oneof(fc.nat(5), fc.constant(0xffffffff), fc.nat()), { maxLength: 5 }), fc.uint8Array({ maxLength: 40 }));
    const arb = header.map(([z, type, ndim, dims, rest]) => Uint8Array.from([0, z === 0 ? 0 : z, type % 16, ndim % 6, ...dims.flatMap(u32), ...rest]));
    fc.assert(fc.property(arb, checkBytes), fuzzParams());
  }, FUZZ_TIMEOUT);

  it('valid files parse; every truncation and every extension of one is rejected', () => {
    fc.assert(
      fc.property(validIdx, fc.nat(), (bytes, cut) => {
        expect(() => parseIdx(bytes, 'f.idx')).not.toThrow();
        const at = cut % bytes.length;
        expect(() => parseIdx(bytes.subarray(0, at), 'f.idx')).toThrow(DataError);
        checkBytes(bytes.subarray(0, at));
        expect(() => parseIdx(Uint8Array.from([...bytes, 0]), 'f.idx')).toThrow(/trailing bytes/);
      }),
      fuzzParams(),
    );
  }, FUZZ_TIMEOUT);
});
