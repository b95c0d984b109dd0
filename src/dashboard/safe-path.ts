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
 * Like resolveInside, then checks on disk: the path exists, is a regular file, and its real path
 * (symbolic links followed) still lies inside the real root.
 * @returns the real path, 'forbidden' or 'missing'.
 * @example servedFile('/srv/run', 'config.json'); //=> '/srv/run/config.json'
 */
export function servedFile(root: string, rawPath: string): string | 'forbidden' | 'missing' {
  const file = resolveInside(root, rawPath);
  if (file === null) return 'forbidden';
  let real: string;
  let realRoot: string;
  try {
    real = realpathSync(file);
    realRoot = realpathSync(root);
  } catch {
    return 'missing';
  }
  if (!real.startsWith(realRoot + sep)) return 'forbidden';
  try {
    return statSync(real).isFile() ? real : 'missing';
  } catch {
    return 'missing';
  }
}
