import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { parseIdx } from '../../src/data/idx.js';
import { readIdx } from '../../src/data/node/read-idx.js';

const dir = mkdtempSync(join(tmpdir(), 'descent-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An IDX file written out by hand: magic 0,0,type,ndim; big-endian uint32 dims; big-endian values. */
function idx(typeCode: number, dims: number[], values: number[]): Buffer {
  const size = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 }[typeCode] ?? 1;
  const buf = Buffer.alloc(4 + 4 * dims.length + size * values.length);
  buf.writeUInt8(typeCode, 2);
  buf.writeUInt8(dims.length, 3);
  dims.forEach((v, i) => buf.writeUInt32BE(v, 4 + 4 * i));
  const at = 4 + 4 * dims.length;
  values.forEach((v, i) => {
    const o = at + i * size;
    if (typeCode === 0x08) buf.writeUInt8(v, o);
    else if (typeCode === 0x09) buf.writeInt8(v, o);
    else if (typeCode === 0x0b) buf.writeInt16BE(v, o);
    else if (typeCode === 0x0c) buf.writeInt32BE(v, o);
    else if (typeCode === 0x0d) buf.writeFloatBE(v, o);
    else buf.writeDoubleBE(v, o);
  });
  return buf;
}

function file(name: string, content: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

// Two 2x3 images and their labels.
const pixels = [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255];
const images = idx(0x08, [2, 2, 3], pixels);
const labels = idx(0x08, [2], [7, 1]);

/** The DataError `fn` throws (failing the test if it throws anything else or nothing). */
function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return err as DataError;
  }
  throw new Error('expected a DataError');
}

describe('readIdx', () => {
  it('reads plain files: raw pixel values, labels, image shape', () => {
    const ds = readIdx({ images: file('a-images', images), labels: file('a-labels', labels) });
    expect([ds.n, ds.d, ds.yDim, ds.classes, ds.imageShape]).toEqual([2, 6, 1, 8, [2, 3]]);
    expect([...ds.x]).toEqual(pixels);
    expect([...ds.y]).toEqual([7, 1]);
  });

  it('reads gzip files (told by magic bytes, whatever the name) and scales to [0, 1] on request', () => {
    const ds = readIdx(
      {
        images: file('b-images.gz', gzipSync(images)),
        labels: file('b-labels-no-suffix', gzipSync(labels)),
      },
      { scale: true, classes: 10 },
    );
    expect(ds.classes).toBe(10);
    expect(ds.x[5]).toBeCloseTo(5 / 255, 7);
    expect(ds.x[11]).toBe(1);
  });

  it('reads big-endian int16, int32, float32 and float64 values', () => {
    expect([...parseIdx(idx(0x0b, [2], [-300, 513]), 'f').values]).toEqual([-300, 513]);
    expect([...parseIdx(idx(0x0c, [2], [-70000, 1 << 30]), 'f').values]).toEqual([-70000, 1 << 30]);
    expect([...parseIdx(idx(0x0d, [2], [1.5, -0.25]), 'f').values]).toEqual([1.5, -0.25]);
    expect([...parseIdx(idx(0x0e, [1, 1], [Math.PI]), 'f').values]).toEqual([Math.PI]);
    expect([...parseIdx(idx(0x09, [2], [-128, 127]), 'f').values]).toEqual([-128, 127]);
  });

  describe('rejects bad files with a DataError naming the file and the offset', () => {
    const good = file('good-labels', labels);
    const goodImages = file('good-images', images);
    const cases: [string, () => unknown, RegExp][] = [
      [
        'wrong magic number',
        () => readIdx({ images: file('magic', Buffer.from('P5 28 28 255\n')), labels: good }),
        /magic.*offset 0: wrong magic number 0x50352032/,
      ],
      [
        'truncated data',
        () =>
          readIdx({ images: file('trunc', images.subarray(0, images.length - 3)), labels: good }),
        /trunc, offset 25: truncated.*2 x 2 x 3 unsigned byte/,
      ],
      [
        'truncated header',
        () => readIdx({ images: file('trunc-head', images.subarray(0, 9)), labels: good }),
        /trunc-head, offset 9: truncated header/,
      ],
      [
        'trailing bytes',
        () =>
          readIdx({
            images: file('trail', Buffer.concat([images, Buffer.from([1])])),
            labels: good,
          }),
        /trail, offset 28: trailing bytes/,
      ],
      [
        'image and label counts disagree',
        () => readIdx({ images: goodImages, labels: file('three', idx(0x08, [3], [1, 2, 3])) }),
        /three, offset 4: 3 labels but 2 images/,
      ],
      [
        'label out of range',
        () => readIdx({ images: goodImages, labels: good }, { classes: 5 }),
        /good-labels, offset 8: label 7 of item 0 is out of range.*\[0, 5\)/,
      ],
      [
        'negative label',
        () => readIdx({ images: goodImages, labels: file('neg', idx(0x09, [2], [1, -1])) }),
        /neg, offset 9: label -1 of item 1/,
      ],
      [
        'NaN pixel',
        () => readIdx({ images: file('nan', idx(0x0d, [2, 2], [0, 1, NaN, 3])), labels: good }),
        /nan, offset 20: value NaN at index 2/,
      ],
      [
        'infinite pixel',
        () => readIdx({ images: file('inf', idx(0x0e, [2, 1], [0, Infinity])), labels: good }),
        /inf, offset 20: value Infinity/,
      ],
      [
        'empty file',
        () => readIdx({ images: file('empty', new Uint8Array(0)), labels: good }),
        /empty, offset 0: the file is empty/,
      ],
      [
        '.gz that is not gzip',
        () => readIdx({ images: file('fake.gz', images), labels: good }),
        /fake\.gz, offset 0: named \.gz but not gzip/,
      ],
      [
        'damaged gzip',
        () =>
          readIdx({
            images: file(
              'broken',
              (() => {
                const g = gzipSync(images);
                g[12] = g[12]! ^ 0xff;
                g[13] = g[13]! ^ 0xff;
                return g;
              })(),
            ),
            labels: good,
          }),
        /broken, offset \d+ of the compressed file: damaged gzip/,
      ],
      [
        'truncated gzip',
        () => readIdx({ images: file('cut.gz', gzipSync(images).subarray(0, 20)), labels: good }),
        /cut\.gz, offset 20 of the compressed file: damaged gzip/,
      ],
      [
        'gzip offsets count decompressed bytes',
        () => readIdx({ images: file('gz-trunc', gzipSync(images.subarray(0, 20))), labels: good }),
        /gz-trunc, offset 20 \(after decompression\): truncated/,
      ],
      [
        'labels with two dimensions',
        () => readIdx({ images: goodImages, labels: file('lab2d', idx(0x08, [2, 1], [0, 1])) }),
        /lab2d, offset 3: expected labels with 1 dimension/,
      ],
      [
        'missing file',
        () => readIdx({ images: join(dir, 'nope'), labels: good }),
        /nope: cannot read: no such file/,
      ],
    ];
    it.each(cases)('%s', (_name, fn, message) => {
      expect(dataError(fn).message).toMatch(message);
    });
  });

  it('parseIdx on arbitrary bytes returns a consistent array or throws a DataError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.boolean(), (bytes, plausible) => {
        // Half the cases get a plausible header so the parser gets past the magic number.
        const b =
          plausible && bytes.length >= 4
            ? Uint8Array.from([0, 0, 8, 1 + (bytes[3]! % 3), ...bytes.subarray(4)])
            : bytes;
        try {
          const arr = parseIdx(b, 'fuzz');
          expect(arr.values.length).toBe(arr.dims.reduce((p, q) => p * q, 1));
        } catch (err) {
          expect(err).toBeInstanceOf(DataError);
        }
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
