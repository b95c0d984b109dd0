// Finding the files shipped in the package's data/ folder, from src/ (vitest, tsx) or dist/ (after the
// build) alike: walk up from this module to the folder whose package.json names this package.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from '../../errors.js';

const PACKAGE_NAME = 'descent';

function isPackageRoot(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/**
 * The absolute path of a file in the package's shipped data/ folder.
 * @param name file name inside data/, e.g. 'digits.idx.gz'.
 * @param from a module URL to start the search from; default this module.
 * @throws DataError when no enclosing package root holds data/<name>.
 * @example
 * packageDataPath('digits.idx.gz'); //=> '/path/to/descent/data/digits.idx.gz'
 */
export function packageDataPath(name: string, from: string = import.meta.url): string {
  const start = dirname(fileURLToPath(from));
  for (let dir = start; ; dir = dirname(dir)) {
    if (isPackageRoot(dir)) {
      const path = join(dir, 'data', name);
      if (existsSync(path)) return path;
      throw new DataError(`the package's data file is missing (reinstall descent)`, { file: path });
    }
    if (dirname(dir) === dir) break;
  }
  throw new DataError(
    `no '${PACKAGE_NAME}' package.json found above ${start}, so data/${name} cannot be located`,
    {
      file: name,
    },
  );
}
