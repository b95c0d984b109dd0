// Forking one of descent's own scripts: from dist/ it is a .js file node runs as is; from src/
// (tests, development) it is a .ts file node runs through the tsx loader.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A script to fork and the node flags it needs. */
export interface ScriptEntry {
  readonly file: string;
  readonly execArgv: string[];
}

/**
 * The sibling script `relative` (without extension) of the module at `base` (its import.meta.url).
 * @example fork(scriptEntry(import.meta.url, './worker-entry').file, [], { execArgv: ... });
 */
export function scriptEntry(base: string, relative: string): ScriptEntry {
  const js = fileURLToPath(new URL(`${relative}.js`, base));
  if (existsSync(js)) return { file: js, execArgv: [] };
  const ts = fileURLToPath(new URL(`${relative}.ts`, base));
  const tsx = pathToFileURL(createRequire(base).resolve('tsx')).href;
  return { file: ts, execArgv: ['--import', tsx] };
}
