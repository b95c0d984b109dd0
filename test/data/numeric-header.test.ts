// A first line that looks like data rather than column names (a headerless file, or scikit-learn's
// count line) is read as the header but warned about; a header of names gets no warning.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { DataError } from '../../src/errors.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('a header that looks like data', () => {
  it("warns for scikit-learn's count line, naming the file and line", () => {
    // scikit-learn's iris.csv: 150 rows, 4 features, then the class names, over 5 data columns.
    const text = '150,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n4.9,3.0,1.4,0.2,0\n';
    const ds = parseCsv(bytes(text), 'iris.csv', { label: 'virginica' });
    expect(ds.warnings).toHaveLength(1);
    const [w] = ds.warnings!;
    expect(w).toMatch(/^iris\.csv, line 1: the first line looks like data, not column names \("150", "4" are numbers\)/);
    // The line is still the header: both data rows are read.
    expect(ds.n).toBe(2);
  });

  it('warns for a header of numbers only', () => {
    const ds = parseCsv(bytes('1,2,0\n3,4,1\n'), 'f.csv', { label: '0' });
    expect(ds.warnings?.[0]).toContain('f.csv, line 1: the first line looks like data');
  });

  it('gives no warning for a header of names, even one with a number among many names', () => {
    expect(parseCsv(bytes('a,b,label\n1,2,0\n'), 'f.csv', { label: 'label' }).warnings).toBeUndefined();
    expect(parseCsv(bytes('x,y,2020,label\n1,2,3,0\n'), 'f.csv', { label: 'label' }).warnings).toBeUndefined();
  });

  it('says the file needs a header when the label column is not found in a numeric first line', () => {
    let message = '';
    try {
      parseCsv(bytes('5.1,3.5,0\n4.9,3.0,1\n'), 'f.csv', { label: 'species' });
    } catch (err) {
      expect(err).toBeInstanceOf(DataError);
      message = (err as Error).message;
    }
    expect(message).toContain('no column named "species"');
    expect(message).toContain('the first line looks like data, not column names: the file needs a header row of column names');
  });
});
