// The package version, read once from package.json beside dist/ or src/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  const pkg = JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}
