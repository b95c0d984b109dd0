// A data file named in a config that is not there: the error names the config field that named it
// and, when the folder holds a file with a close name, suggests it (a typo is the usual cause).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { ConfigError } from '../../errors.js';
import { closestName } from '../../suggest.js';

/**
 * Checks that the file a config field names exists, before a reader reports it without the field.
 * @param path the file (already resolved against the config's folder).
 * @param field the config field that named it, e.g. `data.source.path`.
 * @throws ConfigError naming the field, the file, and a close existing file name in the same folder.
 * @example checkConfigFile('/data/irs.csv', 'data.source.path'); // throws "... did you mean 'iris.csv'?"
 */
export function checkConfigFile(path: string, field: string): void {
  if (existsSync(path)) return;
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ConfigError(field, `no such file ${path} (its folder ${dir} does not exist either)`);
  }
  const close = closestName(basename(path), readdirSync(dir));
  const hint = close === undefined ? '' : ` (did you mean '${close}' in the same folder?)`;
  throw new ConfigError(field, `no such file ${path}${hint}`);
}
