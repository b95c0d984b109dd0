// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017; MIT licence): 28x28 grey images of 10 kinds of clothing,
// 60,000 for training and 10,000 for testing, as the standard four IDX files. Not shipped: read from a
// folder the config names, or from DESCENT_DATA, or where Debian's dataset-fashion-mnist package puts
// them (DESCENT_DATA may hold other data sets, so a DESCENT_DATA without these files falls through).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../errors.js';
import type { Dataset } from '../dataset.js';
import { readIdx } from './read-idx.js';

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
  /** The folder named in the config: the only place looked when given (an error if the files are not there). */
  readonly dir?: string;
  /**
   * The folder from the DESCENT_DATA environment variable, passed in by the caller (the CLI). It may
   * hold other data sets: without Fashion-MNIST the search goes on to `fallbackDir`.
   */
  readonly envDir?: string;
  /** The last folder looked in. Default FASHION_MNIST_DEBIAN_DIR (tests point it elsewhere). */
  readonly fallbackDir?: string;
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

/** A folder to look in and how to name it to a person. */
interface Place {
  readonly base: string;
  readonly origin: string;
}

/** Where to look, in order: the config's folder alone, else DESCENT_DATA's then the fallback. */
function placesOf(options: LoadFashionMnistOptions): Place[] {
  if (options.dir !== undefined) return [{ base: options.dir, origin: 'the folder given in the config' }];
  const fallback = options.fallbackDir ?? FASHION_MNIST_DEBIAN_DIR;
  const origin = fallback === FASHION_MNIST_DEBIAN_DIR ? "Debian's default folder" : 'the default folder';
  return [
    ...(options.envDir === undefined ? [] : [{ base: options.envDir, origin: 'the folder in DESCENT_DATA' }]),
    { base: fallback, origin },
  ];
}

/**
 * Loads one split of Fashion-MNIST: 784 features (pixels 0..255, or [0, 1] with `scale`), labels 0..9.
 * Looks in `dir` when given (and nowhere else); otherwise in `envDir` (DESCENT_DATA), then in
 * /usr/share/datasets/fashion-mnist. In each folder it looks in the folder itself and in its
 * `fashion-mnist/` sub-folder, and for each file both the plain name and the name with `.gz`; the
 * image and label files must be in the same folder.
 * @param options split, folders and scaling.
 * @returns a Dataset with classes 10 and imageShape [28, 28] and shape [1, 28, 28].
 * @throws DataError listing every folder and path tried and how to get the files, when they are not found.
 * @example
 * const test = loadFashionMnist({ split: 'test', scale: true });
 * [test.n, test.d]; //=> [10000, 784]
 */
export function loadFashionMnist(options: LoadFashionMnistOptions = {}): Dataset {
  const split = options.split ?? 'train';
  const names = FILES[split];
  const places = placesOf(options);
  const folders = places.flatMap((p) => [p.base, join(p.base, 'fashion-mnist')]);
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
  const where = places.map((p) => `${p.origin} (${p.base})`).join(', then ');
  throw new DataError(
    `Fashion-MNIST ${split} files not found in ${where}. Looked for:\n  ${tried.join('\n  ')}\n` +
      'To get them: `apt-get install dataset-fashion-mnist` (installs them in ' +
      `${FASHION_MNIST_DEBIAN_DIR}), or download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, ` +
      't10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz from ' +
      'https://github.com/zalandoresearch/fashion-mnist (folder data/fashion) into a folder and name it in ' +
      'the config (data.source.dir) or in the DESCENT_DATA environment variable.',
    places.length === 1 ? { file: places[0]!.base } : {},
  );
}
