// Stable short ids for runs and studies in URLs: a hash of the absolute path, so an id survives a
// re-scan and never reveals or accepts a path itself.
import { createHash } from 'node:crypto';

/**
 * The first 12 hex digits of the SHA-1 of `key`.
 * @example shortId('/runs/a'); //=> '5f1d0c3e2b7a' (some 12 hex digits)
 */
export function shortId(key: string): string {
  return createHash('sha1').update(key).digest('hex').slice(0, 12);
}
