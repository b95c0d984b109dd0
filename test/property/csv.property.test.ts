// The CSV reader on random files: random bytes, and CSV-shaped text with quotes, a BOM, CRLF,
// empty lines, huge fields, NaN and junk. Each file is either read into a consistent Dataset of
// finite numbers or rejected with a DataError naming the file; nothing else escapes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/node/read-csv.js';
import { DataError } from '../../src/errors.js';
import { tempDir } from '../reliability/configs.js';
import { FUZZ_TIMEOUT, fuzzParams } from './runs.js';

const dir = tempDir('descent-fuzz-csv-');

let accepted = 0;

function checkFile(bytes: Uint8Array | string, name = 'data.csv', classes?: number): void {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  try {
    const ds = readCsv(file, { label: 'label', ...(classes === undefined ? {} : { classes }) });
    expect(ds.x.length).toBe(ds.n * ds.d);
    expect(ds.y.length).toBe(ds.n * ds.yDim);
    expect(ds.n).toBeGreaterThan(0);
    for (const v of ds.x) expect(Number.isFinite(v)).toBe(true);
    for (const v of ds.y) expect(Number.isFinite(v)).toBe(true);
    if (classes !== undefined) for (const v of ds.y) expect(Number.isInteger(v) && v >= 0 && v < classes).toBe(true);
    accepted++;
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    expect(error.file).toBe(file);
  }
}

const cell = fc.oneof(
  { weight: 6, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
  { weight: 3, arbitrary: fc.integer({ min: -3, max: 5 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('', 'NaN', 'Infinity', '-inf', '1e39', '0x10', ' 7 ', '"3"', '"a,b"', '"x""y"', '"', 'label') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constant('9'.repeat(5000)) },
);
const row = fc.array(cell, { minLength: 0, maxLength: 5 });
const csvText = fc.record({
  header: fc.oneof(fc.constant(['a', 'b', 'label']), fc.array(fc.constantFrom('a', 'b', 'label', '', '"label"', 'c'), { maxLength: 4 })),
  rows: fc.array(row, { maxLength: 8 }),
  bom: fc.boolean(),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  blank: fc.array(fc.nat(9), { maxLength: 3 }),
  delimiter: fc.constantFrom(',', ',', ';', '\t'),
  trailing: fc.boolean(),
}).map(({ header, rows, bom, eol, blank, delimiter, trailing }) => {
  const lines = [header, ...rows].map((r) => r.join(delimiter));
  for (const b of blank) lines.splice(Math.min(b, lines.length), 0, '');
  return `${bom ? '\uFEFF' : ''}${lines.join(eol)}${trailing ? eol : ''}`;
});

describe('CSV reader on random files', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => checkFile(b)), fuzzParams());
  }, FUZZ_TIMEOUT);

  it('CSV-shaped text: quotes, BOM, CRLF, empty lines, huge fields, bad cells', () => {
    fc.assert(fc.property(csvText, fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }), (text, classes) => checkFile(text, 'data.csv', classes)), fuzzParams(2));
    expect(accepted, 'some generated files must be valid, or the property only tests rejection').toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);

  it('gzip-named files with random bytes', () => {
    const gz = fc.uint8Array({ maxLength: 60 }).map((b) => Uint8Array.from([0x1f, 0x8b, ...b]));
    fc.assert(fc.property(fc.oneof(gz, fc.uint8Array({ maxLength: 60 })), (b) => checkFile(b, 'data.csv.gz')), fuzzParams(0.5));
  }, FUZZ_TIMEOUT);
});
