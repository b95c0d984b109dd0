// A label column of class names: mapped in sorted (code unit) order, or in the order the caller
// lists; unknown and mixed labels are errors naming the row; readCsv and parseCsv return the names.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { readCsv } from '../../src/data/node/read-csv.js';
import { classMappingHint } from '../../src/data/class-names.js';
import { ConfigError, DataError } from '../../src/errors.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const dir = mkdtempSync(join(tmpdir(), 'descent-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function error<E>(type: new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(type);
    return err as E;
  }
  throw new Error('expected an error');
}

// Rows in an order that is not sorted, so order of appearance and sorted order differ.
const IRIS = 'a,b,species\n1,2,virginica\n3,4,setosa\n5,6,versicolor\n7,8,setosa\n';

describe('string labels', () => {
  it('maps names in sorted order and returns them', () => {
    const ds = parseCsv(bytes(IRIS), 'iris.csv', { label: 'species' });
    // Sorted: setosa=0, versicolor=1, virginica=2; the rows are virginica, setosa, versicolor, setosa.
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(ds.classes).toBe(3);
    expect(Array.from(ds.y)).toEqual([2, 0, 1, 0]);
    expect(Array.from(ds.x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('sorts by code unit, not by locale: upper case before lower, "B" before "a"', () => {
    // localeCompare would give a, B; code units give B (0x42) before a (0x61).
    const ds = parseCsv(bytes('x,y\n1,a\n2,B\n'), 'f.csv', { label: 'y' });
    expect(ds.classNames).toEqual(['B', 'a']);
    expect(Array.from(ds.y)).toEqual([1, 0]);
  });

  it('uses the order given in classes, listing unused names too', () => {
    const ds = parseCsv(bytes(IRIS), 'iris.csv', { label: 'species', classes: ['virginica', 'versicolor', 'setosa', 'other'] });
    expect(ds.classNames).toEqual(['virginica', 'versicolor', 'setosa', 'other']);
    expect(ds.classes).toBe(4);
    expect(Array.from(ds.y)).toEqual([0, 2, 1, 2]);
  });

  it('refuses a name not in classes, naming the row and the value', () => {
    const e = error(DataError, () => parseCsv(bytes(IRIS), 'iris.csv', { label: 'species', classes: ['setosa', 'virginica'] }));
    // versicolor is the third data row, on line 4.
    expect(e.message).toContain('iris.csv, line 4 (row 3), column "species"');
    expect(e.message).toContain('"versicolor" is not one of the classes (setosa, virginica)');
  });

  it('reads names that look like numbers as names when classes lists them', () => {
    const ds = parseCsv(bytes('x,y\n1,2\n2,1\n'), 'f.csv', { label: 'y', classes: ['1', '2'] });
    expect(Array.from(ds.y)).toEqual([1, 0]);
  });

  it('refuses a number after names, naming the row', () => {
    const e = error(DataError, () => parseCsv(bytes('x,y\n1,setosa\n2,3\n'), 'f.csv', { label: 'y' }));
    expect(e.message).toContain('line 3 (row 2)');
    expect(e.message).toContain('label "3" is a number, but the labels are names (row 1 has "setosa")');
  });

  it('refuses a name after numbers, naming the row', () => {
    const e = error(DataError, () => parseCsv(bytes('x,y\n1,0\n2,1\n3,setosa\n'), 'f.csv', { label: 'y' }));
    expect(e.message).toContain('line 4 (row 3)');
    expect(e.message).toContain('label "setosa" is a name, but the labels are class indices (row 1 has "0")');
  });

  it('refuses an empty label among names', () => {
    const e = error(DataError, () => parseCsv(bytes('x,y\n1,setosa\n2,\n'), 'f.csv', { label: 'y' }));
    expect(e.message).toContain('line 3 (row 2)');
    expect(e.message).toContain('missing label');
  });

  it('keeps numeric labels as they were, without names', () => {
    const ds = parseCsv(bytes('x,y\n1,2\n2,0\n'), 'f.csv', { label: 'y' });
    expect(ds.classNames).toBeUndefined();
    expect(Array.from(ds.y)).toEqual([2, 0]);
  });

  it('refuses bad class lists before reading', () => {
    expect(error(ConfigError, () => parseCsv(bytes(IRIS), 'f.csv', { label: 'species', classes: ['a', 'a'] })).message).toContain('listed twice');
    expect(error(ConfigError, () => parseCsv(bytes(IRIS), 'f.csv', { label: ['a', 'b'], classes: ['x'] })).message).toContain('one label column');
  });

  it('readCsv returns the classes of a file', () => {
    const file = join(dir, 'iris.csv');
    writeFileSync(file, IRIS);
    const ds = readCsv(file, { label: 'species' });
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(ds.y)).toEqual([2, 0, 1, 0]);
  });

  it('describes the mapping in one line', () => {
    expect(classMappingHint(['setosa', 'versicolor', 'virginica'])).toBe('labels mapped to classes: setosa=0, versicolor=1, virginica=2');
  });
});
