// The CLI on the wasm backend: DESCENT_BACKEND=wasm through main() for `info`, `--version`, a short
// spiral training run and `bench`, and native -> wasm as the default order when the addon does not load.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../e2e/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'descent-wasm-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const capture = (env: Record<string, string> = {}) => captureIO(dir, env);

const NOWHERE = { DESCENT_NATIVE_PATH: join(dir, 'missing', 'descent_native.node') };

describe('DESCENT_BACKEND=wasm', () => {
  it('info names the wasm backend, its SIMD flavour and one thread', async () => {
    const json = capture({ DESCENT_BACKEND: 'wasm' });
    expect(await main(['info', '--json'], json)).toBe(0);
    const facts = JSON.parse(json.stdout) as Record<string, unknown>;
    // Node 20+ validates relaxed SIMD once the CLI has set the V8 flag.
    expect(facts).toMatchObject({ backend: 'wasm', simd: 'relaxed', threads: 1, nativeUnavailable: null });
    expect(json.stderr).toBe('');
    const plain = capture({ DESCENT_BACKEND: 'wasm' });
    expect(await main(['info'], plain)).toBe(0);
    expect(plain.stdout).toContain('backend: wasm (relaxed, 1 thread)\n');
    const version = capture({ DESCENT_BACKEND: 'wasm' });
    expect(await main(['--version'], version)).toBe(0);
    expect(version.stdout).toMatch(/^descent \S+ \(backend: wasm \(relaxed, 1 thread\)\)\n$/);
  });

  it('trains examples/spiral.json (overridden to 200 epochs) on wasm and says so', async () => {
    const config = JSON.parse(readFileSync(join(process.cwd(), 'examples', 'spiral.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'spiral.json'), JSON.stringify({ ...config, epochs: 200 }));
    const io = capture({ DESCENT_BACKEND: 'wasm' });
    expect(await main(['train', 'spiral.json', '--out', join(dir, 'run'), '--json'], io)).toBe(0);
    const summary = JSON.parse(io.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(summary).toMatchObject({ backend: 'wasm (relaxed, 1 thread)', status: 'finished', epochs: 200 });
    // Three balanced classes: a model that learnt nothing sits at loss ln 3 = 1.0986 and 1/3 accuracy.
    expect(summary.trainLoss as number).toBeLessThan(0.9);
    expect(io.stderr).toBe('');
  });

  it('falls back native -> wasm with one stderr line when the addon does not load', async () => {
    const io = capture(NOWHERE);
    expect(await main(['info', '--json'], io)).toBe(0);
    const facts = JSON.parse(io.stdout) as Record<string, unknown>;
    expect(facts).toMatchObject({ backend: 'wasm', simd: 'relaxed' });
    expect(String(facts.nativeUnavailable)).toContain('missing');
    const notices = io.stderr.split('\n').filter((l) => l.length > 0);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/native backend unavailable \(.*missing.*\); running on the wasm backend \(relaxed\)$/);
  });

  it('an invalid DESCENT_BACKEND is a ConfigError naming the variable and the three names, exit 2', async () => {
    const io = capture({ DESCENT_BACKEND: 'webgpu' });
    expect(await main(['info'], io)).toBe(2);
    expect(io.stderr).toContain('DESCENT_BACKEND');
    expect(io.stderr).toContain("Invalid backend: 'webgpu' (expected 'native', 'wasm' or 'cpu')");
    expect(io.stderr).not.toMatch(/\n\s+at /);
  });

  it('bench --backend wasm --json times W1 on wasm', async () => {
    const io = capture();
    expect(await main(['bench', '--backend', 'wasm', '--json', '--steps', '2', '--synthetic'], io)).toBe(0);
    const r = JSON.parse(io.stdout) as Record<string, unknown>;
    expect(r).toMatchObject({ backend: 'wasm', simd: 'relaxed', threads: 1, data: 'synthetic', steps: 2, extrapolated: true });
    // 2,407,424 GEMM FLOPs per W1 sample, as the issue writes it.
    expect(r.gflops as number).toBeCloseTo(((r.samplesPerSecond as number) * 2_407_424) / 1e9, 6);
  });
});
