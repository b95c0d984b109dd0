// Data sources of a config -> Datasets. Generated data (spiral) is made here, in any JavaScript engine;
// sources that read files (csv, idx, digits, fashion-mnist) come through `env.readFileSource`, which
// Node supplies (node/file-sources.ts). Relative paths were resolved by the config loader.
import type { Dataset } from '../data/dataset.js';
import { expandFeatures } from '../data/feature-expansion.js';
import { spiral } from '../data/spiral.js';
import { withShape } from '../data/with-shape.js';
import { ConfigError } from '../errors.js';
import type { Rng } from '../tensor/rng.js';
import type { DataSourceConfig } from './schema.js';
import { type GeneratedSourceConfig, loadGenerated } from './synthetic-sources.js';

/** A config source that reads files. */
export type FileSourceConfig = Exclude<DataSourceConfig, { type: 'spiral' } | GeneratedSourceConfig>;

/** What the caller passes from its platform (library code never reads process.env). */
export interface DataEnvironment {
  /** The DESCENT_DATA folder, searched for Fashion-MNIST. */
  readonly dataDir?: string;
  /** Reads a source stored in files; absent where there are no files (a browser). */
  readonly readFileSource?: (source: FileSourceConfig, split: 'train' | 'test', env: DataEnvironment) => Dataset;
}

/**
 * Loads one data source. `rng` seeds generated data (spiral).
 * @throws ConfigError for a file source where `env` cannot read files.
 * @example loadSource({ type: 'spiral', classes: 3 }, new Rng(1)).n; //=> 300
 */
export function loadSource(source: DataSourceConfig, rng: Rng, env: DataEnvironment = {}, split?: 'train' | 'test'): Dataset {
  if (source.type === 'spiral') {
    const ds = spiral(
      {
        ...(source.classes === undefined ? {} : { classes: source.classes }),
        ...(source.pointsPerClass === undefined ? {} : { pointsPerClass: source.pointsPerClass }),
        ...(source.noise === undefined ? {} : { noise: source.noise }),
      },
      rng,
    );
    return expandFeatures(ds, source.features ?? []);
  }
  if (source.type === 'circles' || source.type === 'xor' || source.type === 'blobs' || source.type === 'moons' ||
      source.type === 'regression' || source.type === 'points') {
    return loadGenerated(source, rng);
  }
  if (env.readFileSource === undefined) {
    throw new ConfigError(
      'data.source.type',
      `the '${source.type}' source reads files, which this platform has none of: ` +
        "use a generated source ('spiral'), or parse the data yourself (parseCsv) and pass it to fit",
    );
  }
  const ds = env.readFileSource(source, split ?? 'train', env);
  if (source.type !== 'csv' || source.shape === undefined) return ds;
  return withShape(ds, source.shape, `${split === 'test' ? 'data.test' : 'data.source'}.shape`);
}
