// Data sources of a config -> Datasets. Relative paths were resolved by load-config.
import type { Dataset } from '../data/dataset.js';
import { readCsv } from '../data/csv.js';
import { loadDigits } from '../data/digits.js';
import { loadFashionMnist } from '../data/fashion-mnist.js';
import { readIdx } from '../data/idx.js';
import { spiral } from '../data/spiral.js';
import type { Rng } from '../tensor/rng.js';
import type { DataSourceConfig } from './schema.js';

/** What the CLI passes from the environment (library code never reads process.env). */
export interface DataEnvironment {
  /** The DESCENT_DATA folder, searched for Fashion-MNIST. */
  readonly dataDir?: string;
}

/**
 * Loads one data source. `rng` seeds generated data (spiral).
 * @example loadSource({ type: 'spiral', classes: 3 }, new Rng(1)).n; //=> 300
 */
export function loadSource(source: DataSourceConfig, rng: Rng, env: DataEnvironment = {}, split?: 'train' | 'test'): Dataset {
  switch (source.type) {
    case 'spiral':
      return spiral(
        {
          ...(source.classes === undefined ? {} : { classes: source.classes }),
          ...(source.pointsPerClass === undefined ? {} : { pointsPerClass: source.pointsPerClass }),
          ...(source.noise === undefined ? {} : { noise: source.noise }),
        },
        rng,
      );
    case 'digits':
      return loadDigits();
    case 'fashion-mnist':
      return loadFashionMnist({
        split: source.split ?? split ?? 'train',
        ...(source.dir === undefined ? {} : { dir: source.dir }),
        ...(env.dataDir === undefined ? {} : { envDir: env.dataDir }),
        ...(source.scale === undefined ? {} : { scale: source.scale }),
      });
    case 'idx':
      return readIdx({ images: source.images, labels: source.labels });
    case 'csv':
      return readCsv(source.path, { label: source.label, ...(source.delimiter === undefined ? {} : { delimiter: source.delimiter }) });
  }
}
