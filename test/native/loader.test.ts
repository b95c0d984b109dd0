// Loading the native backend: null with a reason (never an exception) for a missing or broken addon,
// typed errors for bad options, and what a loaded backend reports about itself.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import { loadNativeBackend, nativeUnavailableReason } from '../../src/backend/native/index.js';
import { ConfigError } from '../../src/errors.js';
import { skipReason, supportedLevels } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'descent-native-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadNativeBackend without a usable addon', () => {
  it('returns null and names the missing file', () => {
    const addonPath = join(dir, 'missing.node');
    expect(loadNativeBackend({ addonPath })).toBeNull();
    expect(nativeUnavailableReason({ addonPath })).toContain(addonPath);
    expect(nativeUnavailableReason({ addonPath })).toMatch(/not built/);
  });

  it('returns null with the loader error for a file that is not an addon', () => {
    const addonPath = join(dir, 'broken.node');
    writeFileSync(addonPath, 'not a shared library');
    expect(loadNativeBackend({ addonPath })).toBeNull();
    expect(nativeUnavailableReason({ addonPath })).toMatch(/failed to load/);
  });

  it('throws ConfigError for invalid options, naming the field and the value', () => {
    expect(() => loadNativeBackend({ threads: 0 })).toThrow(ConfigError);
    expect(() => loadNativeBackend({ threads: 1.5 })).toThrow(/threads: Invalid threads: 1.5/);
    expect(() => nativeUnavailableReason({ simd: 'sse9' as 'avx2' })).toThrow(/simd: Invalid simd: sse9/);
  });
});

describe.skipIf(skipReason !== null)(`loadNativeBackend with the addon built${skipReason === null ? '' : ` (skipped: ${skipReason})`}`, () => {
  it('picks the best level by default and reports it with the thread count', () => {
    const backend = loadNativeBackend({ threads: 2 })!;
    expect(backend.info.simd).toBe(supportedLevels[0]);
    expect(backend.info.threads).toBe(2);
    expect(backend.name).toBe(`native-${supportedLevels[0]}`);
    expect(backend.info.supported).toContain('portable');
    expect(nativeUnavailableReason()).toBeNull();
  });

  it('honours a forced level and thread count', () => {
    const backend = loadNativeBackend({ simd: 'portable', threads: 1 })!;
    expect(backend.info).toMatchObject({ simd: 'portable', threads: 1 });
  });

  it.skipIf(supportedLevels.length === 3)('returns null for a level this CPU lacks (skipped: this CPU has all)', () => {
    const missing = (['avx512', 'avx2'] as const).find((l) => !supportedLevels.includes(l))!;
    expect(loadNativeBackend({ simd: missing })).toBeNull();
    expect(nativeUnavailableReason({ simd: missing })).toMatch(/lacks simd level/);
  });

  it('offers every kernel of the TypeScript backend', () => {
    const backend = loadNativeBackend({ threads: 1 })!;
    for (const key of Object.keys(cpuBackend)) expect(typeof backend[key as keyof typeof backend], key).not.toBe('undefined');
  });
});
