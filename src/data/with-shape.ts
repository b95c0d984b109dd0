// A declared sample shape for a dataset read as flat rows (a CSV of pixels), checked against its columns.
import { ConfigError } from '../errors.js';
import type { Dataset } from './dataset.js';

const formatShape = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/**
 * `ds` with its sample shape set to `shape`, whose product must be ds.d. A one-channel image shape
 * [1, H, W] also sets imageShape [H, W], so tools can draw it.
 * @param path the config field that declared the shape, for messages (e.g. 'data.source.shape').
 * @throws ConfigError at `path` when the shape does not hold exactly d features.
 * @example withShape(ds64, [1, 8, 8], 'data.source.shape').shape; //=> [1, 8, 8]
 */
export function withShape(ds: Dataset, shape: readonly number[], path: string): Dataset {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== ds.d) {
    throw new ConfigError(
      path,
      `shape ${formatShape(shape)} holds ${size} values per row, but ${ds.source} has ${ds.d} feature columns ` +
        '(the label column not counted): give a shape whose product is the number of feature columns',
    );
  }
  const image = shape.length === 3 && shape[0] === 1 ? { imageShape: [shape[1]!, shape[2]!] as const } : {};
  return { ...ds, shape: [...shape], ...image };
}
