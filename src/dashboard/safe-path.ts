// Turning a request path into a file inside one allowed folder, or refusing. Everything the server
// reads from disk for a URL goes through here, so traversal tricks stop in one place.
import { realpathSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/**
 * The file `rawPath` (the still-encoded part of a URL path after its prefix) names inside `root`,
 * or null when the request must be refused: encoded slashes or backslashes, NUL, `.`/`..`
 * segments, hidden (dot) names, undecodable escapes. Does not touch the disk.
 * @example resolveInside('/srv/run', 'curves.svg'); //=> '/srv/run/curves.svg'
 * @example resolveInside('/srv/run', '%2e%2e/secret'); //=> null
 */
export function resolveInside(root: string, rawPath: string): string | null {
  // Encoded separators would let one decoded "segment" carry a path of its own.
  if (/%2f|%5c|\\/i.test(rawPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.length === 0) return null;
  if (segments.some((s) => s.startsWith('.'))) return null;
  const base = resolve(root);
  const file = resolve(join(base, ...segments));
  return file.startsWith(base + sep) ? file : null;
}

/**
 * The real path of `path` (symbolic links followed) when it exists and lies in `realRoot` (itself
 * a real path) or is `realRoot`; null when it is missing or a link leads out of `realRoot`. Every
 * file the dashboard reads goes through this, so a link inside a served folder cannot reach out.
 * @example realInside('/srv/runs', '/srv/runs/a/config.json'); //=> '/srv/runs/a/config.json'
 * @example realInside('/srv/runs', '/srv/runs/evil'); //=> null (evil -> /etc)
 */
export function realInside(realRoot: string, path: string): string | null {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return null;
  }
  const prefix = realRoot.endsWith(sep) ? realRoot : realRoot + sep;
  return real === realRoot || real.startsWith(prefix) ? real : null;
}

/**
 * The real path of `path`, or `path` itself when it cannot be resolved (missing): what a root is
 * compared against.
 * @example realOrSelf('/tmp/runs'); //=> '/private/tmp/runs' on macOS
 */
export function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Like resolveInside, then checks on disk: the path exists, is a regular file, and its real path
 * (symbolic links followed) lies inside `realRoot` (default: the real path of `root`). A file whose
 * link leads out counts as missing (404), so the answer says nothing about what lies outside.
 * @returns the real path, 'forbidden' or 'missing'.
 * @example servedFile('/srv/run', 'config.json'); //=> '/srv/run/config.json'
 */
export function servedFile(root: string, rawPath: string, realRoot = realOrSelf(root)): string | 'forbidden' | 'missing' {
  const file = resolveInside(root, rawPath);
  if (file === null) return 'forbidden';
  const real = realInside(realRoot, file);
  if (real === null) return 'missing';
  try {
    return statSync(real).isFile() ? real : 'missing';
  } catch {
    return 'missing';
  }
}
