// The 8x8 handwritten digits shipped in data/digits.idx.gz (UCI Optical Recognition of Handwritten
// Digits, the 1,797-image set scikit-learn ships; CC BY 4.0; see data/README.md for how it was made).
import { DataError } from '../../errors.js';
import type { Dataset } from '../dataset.js';
import { idxLocation, parseIdx } from '../idx.js';
import { packageDataPath } from './package-data.js';
import { readDataFile } from './read-data-file.js';

const PIXELS = 64;
const CLASSES = 10;

/** Options of loadDigits. */
export interface LoadDigitsOptions {
  /** Read this file instead of the shipped data/digits.idx.gz (same format). */
  readonly path?: string;
}

/**
 * Loads the 1,797 8x8 handwritten digits: 64 features (pixel counts 0..16, kept as they are), labels
 * 0..9.
 * @param options an alternative file path (for tests).
 * @returns a Dataset with classes 10 and imageShape [8, 8] and shape [1, 8, 8].
 * @throws DataError when the file is missing or damaged.
 * @example
 * const ds = loadDigits();
 * [ds.n, ds.d, ds.classes]; //=> [1797, 64, 10]
 */
export function loadDigits(options: LoadDigitsOptions = {}): Dataset {
  const file = options.path ?? packageDataPath('digits.idx.gz');
  const { bytes, gzip } = readDataFile(file);
  const idx = parseIdx(bytes, file, gzip);
  const [n = 0, cols] = idx.dims;
  if (idx.typeCode !== 0x08 || idx.dims.length !== 2 || cols !== PIXELS + 1) {
    throw new DataError(
      `expected unsigned bytes of shape n x ${PIXELS + 1}, got ${idx.dims.join(' x ')}`,
      {
        file,
        location: idxLocation(gzip, 0),
      },
    );
  }
  const x = new Float32Array(n * PIXELS);
  const y = new Float32Array(n);
  const v = idx.values;
  for (let i = 0; i < n; i++) {
    const row = i * (PIXELS + 1);
    for (let j = 0; j < PIXELS; j++) x[i * PIXELS + j] = v[row + j]!;
    const label = v[row + PIXELS]!;
    if (label >= CLASSES) {
      throw new DataError(`label ${label} of row ${i} is out of range: expected 0..9`, {
        file,
        location: idxLocation(gzip, idx.dataOffset + row + PIXELS),
      });
    }
    y[i] = label;
  }
  return { x, n, d: PIXELS, y, yDim: 1, classes: CLASSES, source: 'digits', imageShape: [8, 8], shape: [1, 8, 8] };
}
