import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { readCsv } from '../../src/data/node/read-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'descent-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return err as DataError;
  }
  throw new Error('expected a DataError');
}

describe('readCsv', () => {
  it('reads features in column order around the label column', () => {
    const ds = readCsv(csv('ok.csv', 'a,label,b\n1,0,2\n-3.5,2,4e-1\n'), {
      label: 'label',
      classes: 3,
    });
    expect([ds.n, ds.d, ds.yDim, ds.classes]).toEqual([2, 2, 1, 3]);
    expect([...ds.x]).toEqual([1, 2, -3.5, Math.fround(0.4)]);
    expect([...ds.y]).toEqual([0, 2]);
  });

  it('handles quotes, CRLF, a BOM, blank lines, spaces and gzip', () => {
    const text = '\uFEFF"x 1", y ,target\r\n"1",2,1\r\n\r\n 3 , 4 ,0\r\n';
    const ds = readCsv(csv('quirky.csv.gz', gzipSync(text)), { label: 'target' });
    expect([...ds.x]).toEqual([1, 2, 3, 4]);
    expect([...ds.y]).toEqual([1, 0]);
    expect(ds.classes).toBeUndefined();
  });

  it('reads several target columns for regression (y is n x k)', () => {
    const ds = readCsv(csv('reg.csv', 'u,v,w\n1,2,3\n4,5,6\n'), { label: ['w', 'u'] });
    expect([ds.d, ds.yDim]).toEqual([1, 2]);
    expect([...ds.x]).toEqual([2, 5]);
    expect([...ds.y]).toEqual([3, 1, 6, 4]);
  });

  it('reads another delimiter when told', () => {
    expect(readCsv(csv('semi.csv', 'a;y\n1;0\n'), { label: 'y', delimiter: ';' }).n).toBe(1);
  });

  describe('rejects bad files with a DataError naming the file and line/row', () => {
    const cases: [string, string, RegExp, number?][] = [
      ['empty.csv', '', /empty\.csv, offset 0: the file is empty/],
      ['blank.csv', '\n  \n', /blank\.csv, line 1: the file is empty \(no header row\)/],
      [
        'semicolons.csv',
        'a;b;y\n1;2;0\n',
        /semicolons\.csv, line 1: the header has one column \("a;b;y"\).*delimiter looks wrong.*";"/,
      ],
      [
        'nolabel.csv',
        'a,b,class\n1,2,0\n',
        /nolabel\.csv, line 1: no column named "label"; the columns found are: a, b, class/,
      ],
      [
        'ragged.csv',
        'a,b,label\n1,2,0\n1,2\n',
        /ragged\.csv, line 3 \(row 2\): 2 fields, but the header has 3/,
      ],
      [
        'text.csv',
        'a,b,label\n1,2,0\n1,two,1\n',
        /text\.csv, line 3 \(row 2\), column "b": "two" is not a number/,
      ],
      [
        'empty-cell.csv',
        'a,b,label\n1,,0\n',
        /empty-cell\.csv, line 2 \(row 1\), column "b": an empty cell/,
      ],
      ['nan.csv', 'a,b,label\n1,NaN,0\n', /nan\.csv, line 2 \(row 1\), column "b": NaN/],
      [
        'inf.csv',
        'a,b,label\n1,2,0\n-Infinity,2,0\n',
        /inf\.csv, line 3 \(row 2\), column "a": -Infinity \(infinite values are not allowed\)/,
      ],
      [
        'huge.csv',
        'a,label\n1e39,0\n',
        /huge\.csv, line 2 \(row 1\), column "a": 1e39 is beyond the float32 range/,
      ],
      [
        'hex.csv',
        'a,label\n0x10,0\n',
        /hex\.csv, line 2 \(row 1\), column "a": "0x10" is not a number/,
      ],
      [
        'range.csv',
        'a,label\n1,0\n2,3\n',
        /range\.csv, line 3 \(row 2\), column "label": label 3 is out of range.*\[0, 3\)/,
        3,
      ],
      [
        'fraction.csv',
        'a,label\n1,0.5\n',
        /fraction\.csv, line 2 \(row 1\), column "label": label 0.5 is out of range/,
        2,
      ],
      ['header-only.csv', 'a,label\n', /header-only\.csv, line 1: a header row but no data rows/],
      ['quote.csv', 'a,label\n"1,0\n', /quote\.csv, line \d+: not valid CSV/],
      ['only-label.csv', 'label,x\n0,1\n', /only-label\.csv, line 1: every column is a target/],
    ];
    it.each(cases)('%s', (name, content, message, classes) => {
      const label = name === 'only-label.csv' ? ['label', 'x'] : 'label';
      const opts = classes === undefined ? { label } : { label, classes };
      expect(dataError(() => readCsv(csv(name, content), opts)).message).toMatch(message);
    });
  });

  it('any small text either reads as a consistent dataset or throws a DataError', () => {
    const cell = fc.constantFrom('1', '-2.5', '', 'x', 'NaN', '"3"', 'Infinity', '1e5', ' 4 ');
    const line = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(','));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 5 }), (lines) => {
        const path = csv('fuzz.csv', ['a,b,label', ...lines].join('\n'));
        try {
          const ds = readCsv(path, { label: 'label' });
          expect(ds.x.length).toBe(ds.n * ds.d);
          expect(ds.x.every(Number.isFinite)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(DataError);
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
