// Reading a pair of IDX files (images and labels, plain or gzip) from disk, with each file's declared
// size checked before it is inflated; ../idx.ts parses and checks the bytes.
import type { Dataset } from '../dataset.js';
import { checkIdxOptions, idxDataset, idxDeclaredLength, parseIdx, type ReadIdxOptions } from '../idx.js';
import { readDataFile } from './read-data-file.js';

/**
 * Reads an IDX images file (n x ... values) and an IDX labels file (n class indices) into a Dataset.
 * Either file may be gzip-compressed (detected by its magic bytes). Three-dimensional images (n x h x w)
 * set `imageShape` to [h, w].
 * @param files paths of the images and labels files.
 * @param options classes, scaling and the source name.
 * @throws ConfigError for bad options, before any file is read.
 * @throws DataError naming the file and byte offset for every kind of bad file.
 * @example
 * const ds = readIdx({ images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz' });
 * [ds.n, ds.d, ds.imageShape]; //=> [60000, 784, [28, 28]] for Fashion-MNIST
 */
export function readIdx(
  files: { images: string; labels: string },
  options: ReadIdxOptions = {},
): Dataset {
  checkIdxOptions(options, 'readIdx');
  const img = readDataFile(files.images, { declaredLength: idxDeclaredLength });
  const lab = readDataFile(files.labels, { declaredLength: idxDeclaredLength });
  const images = parseIdx(img.bytes, files.images, img.gzip);
  const labels = parseIdx(lab.bytes, files.labels, lab.gzip);
  return idxDataset(images, labels, files, options);
}
