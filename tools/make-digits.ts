// Builds data/digits.idx.gz, the 8x8 handwritten digits shipped with descent, from scikit-learn's
// copy of the UCI set (sklearn/datasets/data/digits.csv.gz: 1,797 rows of 64 pixels 0..16 and a label).
//
//   npx tsx tools/make-digits.ts /path/to/sklearn/datasets/data/digits.csv.gz [data/digits.idx.gz]
//
// Output: a gzip (level 9) of one IDX file of unsigned bytes, shape [1797, 65]: each row is the 64
// pixel counts of one image, row by row, followed by its label 0..9. See data/README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

const PIXELS = 64;

function main(argv: readonly string[]): void {
  const [input, output = 'data/digits.idx.gz'] = argv;
  if (input === undefined) {
    console.error('usage: tsx tools/make-digits.ts <digits.csv.gz> [output]');
    process.exit(2);
  }
  const text = gunzipSync(readFileSync(input)).toString('utf8');
  const rows = text.split('\n').filter((line) => line.trim() !== '');
  const body = new Uint8Array(rows.length * (PIXELS + 1));
  rows.forEach((line, r) => {
    const cells = line.split(',').map(Number);
    if (cells.length !== PIXELS + 1)
      throw new Error(`row ${r + 1}: ${cells.length} cells, expected 65`);
    cells.forEach((v, c) => {
      const max = c < PIXELS ? 16 : 9;
      if (!Number.isInteger(v) || v < 0 || v > max)
        throw new Error(`row ${r + 1}, column ${c}: ${v}`);
      body[r * (PIXELS + 1) + c] = v;
    });
  });
  // IDX header: two zero bytes, type 0x08 (unsigned byte), 2 dimensions, then each size as big-endian uint32.
  const header = Buffer.alloc(12);
  header.writeUInt32BE(0x00000802, 0);
  header.writeUInt32BE(rows.length, 4);
  header.writeUInt32BE(PIXELS + 1, 8);
  const gz = gzipSync(Buffer.concat([header, body]), { level: 9 });
  writeFileSync(output, gz);
  console.log(`${output}: ${rows.length} samples, ${gz.length} bytes`);
}

main(process.argv.slice(2));
