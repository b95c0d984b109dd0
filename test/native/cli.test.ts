// The CLI's backend choice: native by default when the addon loads, the TypeScript backend with one
// stderr line when it cannot, DESCENT_BACKEND/DESCENT_THREADS overrides, and `descent bench --json`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import { loadNativeBackend } from '../../src/backend/native/index.js';
import type { IO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { defaultBackend, setDefaultBackend } from '../../src/context.js';

const hasNative = loadNativeBackend({ threads: 1 }) !== null;
const dir = mkdtempSync(join(tmpdir(), 'descent-native-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(env: Record<string, string> = {}): IO & { stdout: string; stderr: string } {
  const io = {
    stdout: '', stderr: '', isTTY: false, env, cwd: dir,
    out: (t: string) => { io.stdout += t; },
    err: (t: string) => { io.stderr += t; },
  };
  return io;
}

const NOWHERE = { DESCENT_NATIVE_PATH: join(dir, 'missing', 'descent_native.node') };

describe('backend choice at CLI start-up', () => {
  // Without the addon the default order goes on to the wasm backend (native -> wasm -> cpu).
  it('falls back to the wasm backend with one stderr line, and training still works', async () => {
    // examples/spiral.json with 20 epochs.
    writeFileSync(join(dir, 'spiral.json'), JSON.stringify({
      seed: 1, data: { source: { type: 'spiral', classes: 3, pointsPerClass: 30, noise: 0.2 } },
      model: [{ type: 'linear', units: 20, init: 'small' }, 'relu', { type: 'linear', units: 3, init: 'small' }],
      loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 1.0 }, epochs: 20, batchSize: 90,
    }));
    const io = capture(NOWHERE);
    // A default the CLI would never pick, so that restoring it afterwards is visible.
    const sentinel = { ...cpuBackend, name: 'sentinel' };
    setDefaultBackend(sentinel);
    let code: number;
    try {
      code = await main(['train', 'spiral.json', '--out', join(dir, 'run'), '--quiet'], io);
      expect(defaultBackend()).toBe(sentinel); // main() restores the process's default afterwards
    } finally {
      setDefaultBackend(cpuBackend);
    }
    expect(code).toBe(0);
    const notices = io.stderr.split('\n').filter((l) => l.includes('native backend unavailable'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('missing');
    expect(notices[0]).toContain('wasm backend');
  });

  it('descent train names the backend it trains on, in its first line and in --json', async () => {
    const plain = capture({ DESCENT_BACKEND: 'cpu' });
    expect(await main(['train', 'spiral.json', '--out', join(dir, 'run-named')], plain)).toBe(0);
    expect(plain.stdout.split('\n')[0]).toMatch(/^Training \d+ parameters on 90 examples \(spiral\) on cpu \(TypeScript\); run directory /);
    const json = capture({ ...NOWHERE });
    expect(await main(['train', 'spiral.json', '--out', join(dir, 'run-json'), '--json'], json)).toBe(0);
    expect(JSON.parse(json.stdout).backend).toMatch(/^wasm \((simd128|relaxed), 1 thread\)$/);
    if (hasNative) {
      const native = capture({ DESCENT_THREADS: '1' });
      expect(await main(['train', 'spiral.json', '--out', join(dir, 'run-native'), '--json'], native)).toBe(0);
      expect(JSON.parse(native.stdout).backend).toMatch(/^native \((avx512|avx2|portable), 1 thread\)$/);
    }
  });

  it('info --json names the backend, SIMD level and threads', async () => {
    const fallback = capture(NOWHERE);
    expect(await main(['info', '--json'], fallback)).toBe(0);
    const f = JSON.parse(fallback.stdout) as Record<string, unknown>;
    expect(f).toMatchObject({ backend: 'wasm', threads: 1 });
    expect(String(f.nativeUnavailable)).toContain('missing');
    const forced = capture({ DESCENT_BACKEND: 'cpu' });
    expect(await main(['info', '--json'], forced)).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ backend: 'cpu', nativeUnavailable: null });
    expect(forced.stderr).toBe('');
  });

  it.skipIf(!hasNative)('runs native by default, with DESCENT_THREADS obeyed, and says so in --version', async () => {
    const io = capture({ DESCENT_THREADS: '1' });
    expect(await main(['info', '--json'], io)).toBe(0);
    const info = JSON.parse(io.stdout) as Record<string, unknown>;
    expect(info).toMatchObject({ backend: 'native', threads: 1, nativeUnavailable: null });
    expect(['avx512', 'avx2', 'portable']).toContain(info.simd);
    const version = capture({ DESCENT_THREADS: '1' });
    expect(await main(['--version'], version)).toBe(0);
    expect(version.stdout).toMatch(/^descent \S+ \(backend: native \((avx512|avx2|portable), 1 thread\)\)\n$/);
  });

  it('rejects a bad DESCENT_BACKEND or DESCENT_THREADS, and DESCENT_BACKEND=native without the addon, with exit 2', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ DESCENT_BACKEND: 'gpu' }, /Invalid backend: 'gpu' \(expected 'native', 'wasm' or 'cpu'\)/],
      [{ DESCENT_THREADS: 'two' }, /Invalid DESCENT_THREADS: 'two' \(expected an integer from 1 to 256\)/],
      [{ ...NOWHERE, DESCENT_BACKEND: 'native' }, /native was asked for but the native backend is unavailable: .*missing/],
    ];
    for (const [env, message] of cases) {
      const io = capture(env);
      expect(await main(['info'], io)).toBe(2);
      expect(io.stderr).toMatch(message);
    }
  });
});

describe('descent bench', () => {
  it('--json --epochs 1 --steps 2 --synthetic prints one object with every field', async () => {
    const io = capture({ DESCENT_BACKEND: hasNative ? 'native' : 'cpu' });
    expect(await main(['bench', '--json', '--epochs', '1', '--steps', '2', '--synthetic', '--threads', '1'], io)).toBe(0);
    const lines = io.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]!) as Record<string, unknown>;
    for (const key of ['backend', 'simd', 'threads', 'data', 'secondsPerEpoch', 'samplesPerSecond', 'gflops', 'testAccuracy']) {
      expect(r).toHaveProperty(key);
    }
    expect(r).toMatchObject({ data: 'synthetic', threads: 1, steps: 2, extrapolated: true });
    // GFLOP/s from samples/s and the 2,407,424 FLOPs per sample of the issue, written out here.
    expect(r.gflops as number).toBeCloseTo(((r.samplesPerSecond as number) * 2_407_424) / 1e9, 6);
    expect(r.secondsPerEpoch as number).toBeCloseTo(60_000 / (r.samplesPerSecond as number), 6);
    expect(r.testAccuracy as number).toBeGreaterThanOrEqual(0);
    expect(r.testAccuracy as number).toBeLessThanOrEqual(1);
  });

  // Native only: the TypeScript backend takes seconds per 1024^3 product.
  it.skipIf(!hasNative)('--gemm --json reports the five shapes of the issue', async () => {
    const io = capture({ DESCENT_BACKEND: 'native' });
    expect(await main(['bench', '--gemm', '--json', '--threads', '1'], io)).toBe(0);
    const r = JSON.parse(io.stdout) as { gemm: { m: number; k: number; n: number; transA: boolean; transB: boolean; gflops: number }[] };
    expect(r.gemm.map((g) => [g.m, g.k, g.n, g.transA, g.transB])).toEqual([
      [128, 784, 512, false, false], [784, 128, 512, true, false], [128, 512, 784, false, true],
      [512, 512, 512, false, false], [1024, 1024, 1024, false, false],
    ]);
    for (const g of r.gemm) expect(g.gflops).toBeGreaterThan(0);
  });
});
