// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017; MIT licence): 28x28 grey images of 10 kinds of clothing,
// 60,000 for training and 10,000 for testing, as the standard four IDX files. Not shipped: read from a
// folder the caller names, or where Debian's dataset-fashion-mnist package puts them.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { readIdx } from './idx.js';

/** Where Debian's `dataset-fashion-mnist` package installs the four files (gzip-compressed). */
export const FASHION_MNIST_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

const FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

/** Options of loadFashionMnist. */
export interface LoadFashionMnistOptions {
  /** 'train' (60,000 images) or 'test' (10,000). Default 'train'. */
  readonly split?: 'train' | 'test';
  /** The folder named in the config; wins over `envDir`. */
  readonly dir?: string;
  /** The folder from the DESCENT_DATA environment variable, passed in by the caller (the CLI). */
  readonly envDir?: string;
  /** Divide pixels by 255 to [0, 1]. Default false: raw values 0..255. */
  readonly scale?: boolean;
}

/** The first of `name`, `name.gz` that exists in `folder`. */
function findFile(folder: string, name: string): string | undefined {
  for (const candidate of [join(folder, name), join(folder, `${name}.gz`)]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/**
 * Loads one split of Fashion-MNIST: 784 features (pixels 0..255, or [0, 1] with `scale`), labels 0..9.
 * Looks in `dir`, else `envDir`, else /usr/share/datasets/fashion-mnist; in that folder and in its
 * `fashion-mnist/` sub-folder; for each file both the plain name and the name with `.gz`.
 * @param options split, folder and scaling.
 * @returns a Dataset with classes 10 and imageShape [28, 28].
 * @throws DataError listing every path tried and how to get the files, when they are not found.
 * @example
 * const test = loadFashionMnist({ split: 'test', scale: true });
 * [test.n, test.d]; //=> [10000, 784]
 */
export function loadFashionMnist(options: LoadFashionMnistOptions = {}): Dataset {
  const split = options.split ?? 'train';
  const names = FILES[split];
  const [base, origin] =
    options.dir !== undefined
      ? [options.dir, 'the folder given in the config']
      : options.envDir !== undefined
        ? [options.envDir, 'the folder in DESCENT_DATA']
        : [FASHION_MNIST_DEBIAN_DIR, "Debian's default folder"];
  const folders = [base, join(base, 'fashion-mnist')];
  for (const folder of folders) {
    const images = findFile(folder, names.images);
    const labels = findFile(folder, names.labels);
    if (images !== undefined && labels !== undefined) {
      return readIdx(
        { images, labels },
        { classes: 10, scale: options.scale === true, source: images },
      );
    }
  }
  const tried = folders.flatMap((f) =>
    [names.images, names.labels].flatMap((n) => [join(f, n), join(f, `${n}.gz`)]),
  );
  throw new DataError(
    `Fashion-MNIST ${split} files not found in ${origin} (${base}). Looked for:\n  ${tried.join('\n  ')}\n` +
      'To get them: `apt-get install dataset-fashion-mnist` (installs them in ' +
      `${FASHION_MNIST_DEBIAN_DIR}), or download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, ` +
      't10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz from ' +
      'https://github.com/zalandoresearch/fashion-mnist (folder data/fashion) into a folder and name it in ' +
      'the config (data.source.dir) or in the DESCENT_DATA environment variable.',
    { file: base },
  );
}
