// CSV files past V8's longest string (512 MiB) are parsed in pieces cut at record boundaries. Cutting
// a small file into pieces of a few bytes must give the values written out here by hand, keep line
// numbers in messages counted from the top of the file, and never cut inside a quoted field.
import { describe, expect, it } from 'vitest';
import { parseCsvInPieces, recordPieces } from '../../src/data/csv.js';
import { DataError } from '../../src/errors.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const ONE_BYTE = { pieceBytes: 1, maxPieceBytes: 1 << 30 };

describe('CSV in pieces', () => {
  it('cuts only after a line break outside quotes', () => {
    const text = 'a,"b\nc",y\n1,2,0\n3,4,1\n';
    const pieces = recordPieces(bytes(text), 1);
    // The header is 10 bytes (a , " b \n c " , y \n): its break at offset 4 is inside quotes, so the
    // first piece ends after offset 9; each row is 6 bytes more.
    expect(pieces.map((p) => [p.start, p.end, p.linesBefore])).toEqual([[0, 10, 0], [10, 16, 2], [16, 22, 3]]);
  });

  it('gives the same dataset in pieces of 1 byte as the values of the file', () => {
    const text = 'x1,"x\n2",label\n1.5,2,0\n-3,4e2,1\n"5",6,2\n';
    const ds = parseCsvInPieces(bytes(text), 'p.csv', { label: 'label', classes: 3 }, ONE_BYTE);
    expect([ds.n, ds.d]).toEqual([3, 2]);
    expect(Array.from(ds.x)).toEqual([1.5, 2, -3, 400, 5, 6]);
    expect(Array.from(ds.y)).toEqual([0, 1, 2]);
  });

  it('names the line of a bad cell counted from the top of the file, in any piece', () => {
    const text = 'a,"quoted\nheader",y\n1,2,0\n3,4,1\n5,oops,1\n';
    // Lines: header spans 1-2, rows on lines 3, 4 and 5; the bad cell is on line 5, row 3.
    expect(() => parseCsvInPieces(bytes(text), 'p.csv', { label: 'y' }, ONE_BYTE)).toThrow(DataError);
    expect(() => parseCsvInPieces(bytes(text), 'p.csv', { label: 'y' }, ONE_BYTE)).toThrow(/line 5 \(row 3\), column "quoted\\nheader"/);
  });

  it('refuses a record longer than the limit (an unclosed quote) with its line, never a string-length crash', () => {
    const text = 'x,y\n1,0\n"2,1\n3,0\n4,1\n';
    // The quote opened on line 3 never closes, so lines 3-5 (5 + 4 + 4 = 13 bytes) are one piece, over a 12-byte limit.
    expect(() => parseCsvInPieces(bytes(text), 'q.csv', { label: 'y' }, { pieceBytes: 1, maxPieceBytes: 12 }))
      .toThrow(/q\.csv.*line 3.*more than 12 bytes.*quote left unclosed/);
  });
});
