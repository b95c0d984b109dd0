// The config sources that read files, for Node: CSV, IDX, the shipped digits and Fashion-MNIST.
import type { Dataset } from '../../data/dataset.js';
import { loadDigits } from '../../data/node/digits.js';
import { loadFashionMnist } from '../../data/node/fashion-mnist.js';
import { readCsv } from '../../data/node/read-csv.js';
import { readIdx } from '../../data/node/read-idx.js';
import type { DataEnvironment, FileSourceConfig } from '../load-source.js';
import { checkConfigFile } from './missing-file.js';

/**
 * Reads one file source of a config. `split` says which config field holds it: 'train' is
 * `data.source`, 'test' is `data.test`.
 * @throws ConfigError naming the config field (and a close file name) for a missing file.
 * @throws DataError naming the file for a bad file.
 * @example readFileSource({ type: 'csv', path: 'iris.csv', label: 'species' }, 'train', {}).n; //=> 150
 */
export function readFileSource(source: FileSourceConfig, split: 'train' | 'test', env: DataEnvironment): Dataset {
  const field = split === 'test' ? 'data.test' : 'data.source';
  switch (source.type) {
    case 'digits':
      return loadDigits();
    case 'fashion-mnist':
      return loadFashionMnist({
        split: source.split ?? split,
        ...(source.dir === undefined ? {} : { dir: source.dir }),
        ...(env.dataDir === undefined ? {} : { envDir: env.dataDir }),
        ...(source.scale === undefined ? {} : { scale: source.scale }),
      });
    case 'idx':
      checkConfigFile(source.images, `${field}.images`);
      checkConfigFile(source.labels, `${field}.labels`);
      return readIdx({ images: source.images, labels: source.labels });
    case 'csv':
      checkConfigFile(source.path, `${field}.path`);
      return readCsv(source.path, {
        label: source.label,
        ...(source.delimiter === undefined ? {} : { delimiter: source.delimiter }),
        ...(source.classes === undefined ? {} : { classes: source.classes }),
      });
  }
}

/**
 * `env` with Node's file reading added, unless the caller gave its own.
 * @example buildExperiment(config, withFileSources({ dataDir: '/data' }));
 */
export function withFileSources(env: DataEnvironment = {}): DataEnvironment {
  return env.readFileSource === undefined ? { ...env, readFileSource: readFileSource } : env;
}
