// Request-path handling: whatever a client sends (.., %2e%2e, encoded slashes, NUL, absolute
// paths, symbolic links), the server never hands out a file outside the root it was given.
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveInside, servedFile } from '../../src/dashboard/safe-path.js';
import { tempDir } from './fixtures.js';

// base/root is served; base/secret.txt and base/other/ lie beside it and must never be served.
const base = realpathSync(tempDir('paths'));
const root = join(base, 'root');

beforeAll(() => {
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(join(base, 'other'));
  writeFileSync(join(root, 'config.json'), '{}');
  writeFileSync(join(root, 'sub', 'a.txt'), 'a');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  writeFileSync(join(base, 'other', 'b.txt'), 'b');
  symlinkSync(join(base, 'secret.txt'), join(root, 'link.txt'));
  symlinkSync(join(base, 'other'), join(root, 'linkdir'));
});

const inside = (file: string) => file.startsWith(root + sep);

/** Path pieces that traversal attempts are built from. */
const piece = fc.constantFrom(
  '..', '.', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '%2f', '%2F', '%5c', '\\', '%00', '\0', '/', '//', '%252e%252e',
  'sub', 'a.txt', 'config.json', 'secret.txt', 'other', 'b.txt', 'link.txt', 'linkdir', base, '/etc/passwd', '%', '%zz', '~',
);
const rawPath = fc.oneof(
  fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('/')),
  fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 40 }),
);

describe('resolveInside and servedFile', () => {
  it('never return a file outside the root, for any request path', () => {
    fc.assert(
      fc.property(rawPath, (p) => {
        const lexical = resolveInside(root, p);
        if (lexical !== null) expect(inside(lexical)).toBe(true);
        const served = servedFile(root, p);
        if (served !== 'forbidden' && served !== 'missing') expect(inside(served)).toBe(true);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('serves the files that are inside', () => {
    expect(servedFile(root, 'config.json')).toBe(join(root, 'config.json'));
    expect(servedFile(root, 'sub/a.txt')).toBe(join(root, 'sub', 'a.txt'));
    expect(servedFile(root, 'sub/%61.txt')).toBe(join(root, 'sub', 'a.txt'));
  });

  it('refuses the classic tricks', () => {
    for (const p of ['../secret.txt', '%2e%2e/secret.txt', 'sub/../../secret.txt', '..%2fsecret.txt', '..%5csecret.txt', 'config.json%00.txt', '%zz', '']) {
      expect(servedFile(root, p)).toBe('forbidden');
    }
    // Symbolic links that point out of the root exist on disk but are not served: to the client
    // they are missing (404), so the answer tells nothing about what lies outside.
    expect(servedFile(root, 'link.txt')).toBe('missing');
    expect(servedFile(root, 'linkdir/b.txt')).toBe('missing');
    expect(servedFile(root, `${base.slice(1)}/secret.txt`)).toBe('missing');
    expect(servedFile(root, 'sub')).toBe('missing');
  });
});
