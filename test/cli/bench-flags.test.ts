// `descent bench` flags through main(): --backend, --threads and --gemm reach the backend and the GEMM
// table, and a bad value or a flag that does not apply is one error line (after the usage line of a
// usage mistake), exit 2, no stack trace. No timing is asserted: only the shapes and that figures exist.
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { main } from '../../src/cli/main.js';
import { captureIO, tempDir } from '../e2e/helpers.js';

const dir = tempDir('bench-flags');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** stderr lines other than the usage line main() prints before a usage mistake. */
const errorLines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.length > 0 && !l.startsWith('usage: '));

describe('descent bench flags', () => {
  it('--backend wasm --threads 2 --gemm --json measures the five products on the 2-thread wasm backend', async () => {
    const io = captureIO(dir);
    expect(await main(['bench', '--backend', 'wasm', '--threads', '2', '--gemm', '--json'], io)).toBe(0);
    const r = JSON.parse(io.stdout) as { backend: string; threads: number; gemm: { m: number; k: number; n: number; transA: boolean; transB: boolean; gflops: number }[] };
    expect(r.backend).toBe('wasm');
    expect(r.threads).toBe(2);
    // W1's three products (forward, weight gradient X^T dY, input gradient dY W^T) and two squares.
    expect(r.gemm.map(({ m, k, n, transA, transB }) => `${m}x${k}x${n} ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'}`)).toEqual([
      '128x784x512 NN', '784x128x512 TN', '128x512x784 NT', '512x512x512 NN', '1024x1024x1024 NN',
    ]);
    for (const g of r.gemm) expect(Number.isFinite(g.gflops) && g.gflops > 0).toBe(true);
  }, 120_000);

  it.each([
    ['300', 'above the 256 DESCENT_THREADS allows'],
    ['0', 'below one'],
    ['1.5', 'not an integer'],
  ])('--threads %s (%s) is a usage error naming the range, exit 2', async (value) => {
    const io = captureIO(dir);
    expect(await main(['bench', '--backend', 'wasm', '--threads', value, '--gemm', '--json'], io)).toBe(2);
    expect(errorLines(io.stderr)).toEqual([`descent: bench: --threads expects an integer from 1 to 256, got '${value}'`]);
    expect(io.stdout).toBe('');
  });

  it.each([['--steps', '5'], ['--epochs', '2'], ['--synthetic'], ['--data', 'somewhere'], ['--workload', 'w4']])(
    '--gemm with the workload flag %s is a usage error, exit 2',
    async (...flag) => {
      const io = captureIO(dir);
      expect(await main(['bench', '--backend', 'wasm', '--gemm', ...flag], io)).toBe(2);
      expect(errorLines(io.stderr)).toEqual([`descent: bench: ${flag[0]} applies to the workloads (W1, W4), not to --gemm (which times the products alone)`]);
      expect(io.stdout).toBe('');
    },
  );

  it('--threads with --backend cpu (the one-thread TypeScript backend) is a usage error, exit 2', async () => {
    const io = captureIO(dir);
    expect(await main(['bench', '--backend', 'cpu', '--threads', '2', '--steps', '1', '--synthetic', '--json'], io)).toBe(2);
    expect(errorLines(io.stderr)).toEqual(["descent: bench: --threads applies to the native and wasm backends, not to --backend cpu"]);
  }, 120_000);

  it('--workload w4 trains the convnet: its FLOPs per sample are the peer\'s count, and --workload w5 is a usage error', async () => {
    const io = captureIO(dir);
    expect(await main(['bench', '--workload', 'w4', '--steps', '1', '--synthetic', '--json'], io)).toBe(0);
    const r = JSON.parse(io.stdout) as { workload: string; samplesPerSecond: number; gflops: number; testAccuracy: number };
    expect(r.workload).toBe('w4');
    // torch_cnn.py's count: forward x 3 of conv 1->32 3x3 on 28x28, conv 32->64 3x3 on 14x14, 3136 x 128, 128 x 10.
    const flops = 3 * 2 * (1 * 32 * 9 * 784 + 32 * 64 * 9 * 196 + 3136 * 128 + 128 * 10);
    expect(r.gflops).toBeCloseTo((r.samplesPerSecond * flops) / 1e9, 6);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0);
    const bad = captureIO(dir);
    expect(await main(['bench', '--workload', 'w5'], bad)).toBe(2);
    expect(errorLines(bad.stderr)).toEqual(["descent: bench: --workload expects w1 (the Fashion-MNIST MLP) or w4 (the convnet), got 'w5'"]);
  }, 120_000);

  it('--backend webgpu is one error line naming the flag and the three backends, exit 2', async () => {
    const io = captureIO(dir);
    expect(await main(['bench', '--backend', 'webgpu', '--gemm'], io)).toBe(2);
    expect(io.stderr).toBe("descent: --backend: Invalid backend: 'webgpu' (expected 'native', 'wasm' or 'cpu')\n");
  });
});
