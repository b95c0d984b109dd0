// The wasm backend's GEMM on two threads (Node worker_threads on a shared memory): the same product as
// one thread, bitwise, since the product is cut along rows or columns of C at tile boundaries and every
// element is summed in the same order; the same weights after training; one warning and one thread where
// no worker can be started; and a process that exits without dispose().
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { enableRelaxedSimdFlag } from '../../src/backend/node/relaxed-simd-flag.js';
import { loadWasmBackend as loadCore, type WasmBackend } from '../../src/backend/wasm/index.js';
import { loadWasmBackend } from '../../src/backend/wasm/node/load.js';
import { MIN_SPLIT_WORK, splitProduct } from '../../src/backend/wasm/threads/split.js';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { defaultBackend, setDefaultBackend } from '../../src/context.js';
import { main } from '../../src/cli/main.js';
import { fit } from '../../src/train/fit.js';
import { captureIO } from '../e2e/helpers.js';

enableRelaxedSimdFlag();

const NN = { transA: false, transB: false };

const vals = (n: number, seed: number): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 12.9898 + i * 0.731));

describe('splitProduct', () => {
  it('cuts the longer side of C at tile boundaries (4 rows, 8 columns) and leaves small products whole', () => {
    // 128x784x512: n > m, so columns, 64 tiles of 8 shared 32 + 32.
    expect(splitProduct(128, 784, 512, 2)).toEqual([{ i0: 0, i1: 128, j0: 0, j1: 256 }, { i0: 0, i1: 128, j0: 256, j1: 512 }]);
    // 784x128x512: m >= n, so rows, 196 tiles of 4 shared 98 + 98.
    expect(splitProduct(784, 128, 512, 2)).toEqual([{ i0: 0, i1: 392, j0: 0, j1: 512 }, { i0: 392, i1: 784, j0: 0, j1: 512 }]);
    // 1023 rows: 256 tiles (the last one 3 rows), 128 + 128 tiles, the second part ending at row 1023.
    expect(splitProduct(1023, 1024, 1000, 2)).toEqual([{ i0: 0, i1: 512, j0: 0, j1: 1000 }, { i0: 512, i1: 1023, j0: 0, j1: 1000 }]);
    expect(splitProduct(48, 48, 48, 2)).toBeNull(); // 110592 multiply-adds: under the threshold
    expect(splitProduct(64, 64, 64, 2)).toHaveLength(2); // 2^18: at it
    expect(splitProduct(4, 1 << 20, 1, 2)).toBeNull(); // one tile of rows: nothing to share
    expect(splitProduct(128, 784, 512, 1)).toBeNull();
  });
});

describe('loadWasmBackend({ threads: 2 }) in Node', () => {
  const loaded: Promise<WasmBackend>[] = [];
  const load = (relaxed: boolean, threads: number): Promise<WasmBackend> => {
    const b = loadWasmBackend({ relaxed, threads, memoryMiB: 64 });
    loaded.push(b);
    return b;
  };
  afterAll(async () => { for (const b of loaded) (await b).dispose(); });

  for (const relaxed of [false, true]) {
    it(`${relaxed ? 'relaxed' : 'simd128'}: every transpose and accumulate, split or not, is bitwise the 1-thread product`, async () => {
      const [one, two] = await Promise.all([load(relaxed, 1), load(relaxed, 2)]);
      expect(one.info.threads).toBe(1);
      expect(two.info.threads).toBe(2);
      // Split by columns, by rows (odd sizes: edge tiles on both sides of the cut), and one too small to split.
      const shapes: [number, number, number][] = [[128, 784, 512], [300, 97, 131], [37, 211, 203], [16, 16, 16]];
      expect(shapes.map(([m, k, n]) => splitProduct(m, k, n, 2) !== null)).toEqual([true, true, true, false]);
      for (const [m, k, n] of shapes) {
        for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
          for (const accumulate of [false, true]) {
            const A = vals(m * k, 1), B = vals(k * n, 2);
            const want = vals(m * n, 3), got = vals(m * n, 3);
            one.matmul(A, B, want, m, k, n, { transA, transB, accumulate });
            two.matmul(A, B, got, m, k, n, { transA, transB, accumulate });
            expect(got, `${m}x${k}x${n} transA=${transA} transB=${transB} accumulate=${accumulate}`).toEqual(want);
          }
        }
      }
      // And against the formula at one element of the largest: C[5][7] = sum_p A[5][p] B[p][7].
      const [m, k, n] = [128, 784, 512];
      const A = vals(m * k, 1), B = vals(k * n, 2), C = new Float32Array(m * n);
      two.matmul(A, B, C, m, k, n, NN);
      let s = 0;
      for (let p = 0; p < k; p++) s += A[5 * k + p]! * B[p * n + 7]!;
      expect(Math.abs(C[5 * n + 7]! - s)).toBeLessThan(1e-3);
    });
  }

  it('the fused bias + activation product on 2 threads is bitwise that of 1', async () => {
    const [one, two] = await Promise.all([load(true, 1), load(true, 2)]);
    const [m, k, n] = [256, 200, 130];
    expect(m * k * n).toBeGreaterThanOrEqual(MIN_SPLIT_WORK);
    const A = vals(m * k, 4), B = vals(k * n, 5), bias = vals(n, 6);
    const want = new Float32Array(m * n), got = new Float32Array(m * n);
    one.matmulBiasActivation(A, B, want, m, k, n, NN, bias, 'tanh');
    two.matmulBiasActivation(A, B, got, m, k, n, NN, bias, 'tanh');
    expect(got).toEqual(want);
  });

  it('trains a net whose products split to bitwise the weights of 1 thread', async () => {
    const [one, two] = await Promise.all([load(true, 1), load(true, 2)]);
    // 1200 points, 256 hidden units: the 1200x256x256 products (78M multiply-adds) split.
    const raw = {
      seed: 4,
      data: { source: { type: 'spiral', classes: 3, pointsPerClass: 400, noise: 0.2 } },
      model: [{ type: 'linear', units: 256 }, 'relu', { type: 'linear', units: 256 }, 'relu', { type: 'linear', units: 3 }],
      loss: 'softmaxCrossEntropy', optimizer: { type: 'adam', lr: 0.01 }, epochs: 6, batchSize: 1200,
    };
    expect(splitProduct(1200, 256, 256, 2)).not.toBeNull();
    let initial: Float32Array[] = [];
    const weights = async (backend: WasmBackend): Promise<Float32Array[]> => {
      const previous = defaultBackend();
      setDefaultBackend(backend);
      try {
        const config = parseTrainConfig(raw, 'inline.json', process.cwd());
        const exp = buildExperiment(config);
        initial = exp.model.parameters().map((p) => Float32Array.from(p.data));
        await fit({ model: exp.model, loss: exp.loss, optimizer: exp.optimizer, train: exp.train, epochs: config.epochs,
          batchSize: exp.batchSize, rng: exp.shuffleRng, dtype: exp.dtype });
        return exp.model.parameters().map((p) => Float32Array.from(p.data));
      } finally {
        setDefaultBackend(previous);
      }
    };
    const w1 = await weights(one);
    const w2 = await weights(two);
    expect(w2.length).toBe(6);
    w2.forEach((w, i) => expect(w, `parameter ${i}`).toEqual(w1[i]));
    // The weights moved: the run did train.
    expect(w2[0]).not.toEqual(initial[0]);
  });

  it('3 threads: products cut in 3 and in 2 (one worker idle) alternate, each bitwise the 1-thread product', async () => {
    const [one, three] = await Promise.all([load(false, 1), load(false, 3)]);
    expect(three.info.threads).toBe(3);
    // 8 rows are 2 tiles: only 2 parts, so the third thread skips that job; the next job must still reach it.
    const shapes: [number, number, number][] = [[300, 97, 131], [8, 4096, 8], [300, 97, 131], [8, 4096, 8], [131, 97, 300]];
    expect(shapes.map(([m, k, n]) => splitProduct(m, k, n, 3)?.length)).toEqual([3, 2, 3, 2, 3]);
    for (const [m, k, n] of shapes) {
      const A = vals(m * k, 1), B = vals(k * n, 2), want = new Float32Array(m * n), got = new Float32Array(m * n);
      one.matmul(A, B, want, m, k, n, NN);
      three.matmul(A, B, got, m, k, n, NN);
      expect(got, `${m}x${k}x${n}`).toEqual(want);
    }
  });

  it('after dispose() the backend computes on the calling thread, still right', async () => {
    const b = await load(false, 2);
    b.dispose();
    const [m, k, n] = [128, 96, 128];
    const A = vals(m * k, 7), B = vals(k * n, 8), C = new Float32Array(m * n);
    b.matmul(A, B, C, m, k, n, NN);
    let s = 0;
    for (let p = 0; p < k; p++) s += A[3 * k + p]! * B[p * n + 9]!;
    expect(Math.abs(C[3 * n + 9]! - s)).toBeLessThan(1e-4);
  });

  it('rejects a thread count it cannot run with a ConfigError naming threads', async () => {
    await expect(loadWasmBackend({ threads: 17 })).rejects.toThrow(/Invalid threads: 17/);
    await expect(loadWasmBackend({ threads: 1.5 })).rejects.toThrow(/Invalid threads: 1.5/);
  });

  it('without a way to start workers (the core entry in Node) runs on 1 thread after exactly one warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const b = await loadCore({ threads: 2, memoryMiB: 8 });
      expect(b.info.threads).toBe(1);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/runs on 1 thread, not 2: this engine has no Worker/);
      const C = new Float32Array(4);
      b.matmul(new Float32Array([1, 2, 3, 4, 5, 6]), new Float32Array([1, 0, 0, 1, 1, 1]), C, 2, 3, 2, NN);
      expect([...C]).toEqual([4, 5, 10, 11]); // [[1+3, 2+3], [4+6, 5+6]]
    } finally {
      warn.mockRestore();
    }
  });
});

describe('a worker that cannot start', () => {
  it('leaves the backend on 1 thread after exactly one warning naming why', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const refused = (): never => { throw new Error('blob: workers are refused here'); };
      const b = await loadCore({ threads: 2, memoryMiB: 8, spawnWorker: refused });
      expect(b.info.threads).toBe(1);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toBe('descent: the wasm backend runs on 1 thread, not 2: blob: workers are refused here');
      const [m, k, n] = [128, 96, 128];
      const A = vals(m * k, 7), B = vals(k * n, 8), C = new Float32Array(m * n);
      b.matmul(A, B, C, m, k, n, NN);
      let s = 0;
      for (let p = 0; p < k; p++) s += A[3 * k + p]! * B[p * n + 9]!;
      expect(Math.abs(C[3 * n + 9]! - s)).toBeLessThan(1e-4);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('a Node process on 2 threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'descent-wasm-threads-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('DESCENT_THREADS=2 reaches the wasm backend: descent info names 2 threads', async () => {
    const json = captureIO(dir, { DESCENT_BACKEND: 'wasm', DESCENT_THREADS: '2' });
    expect(await main(['info', '--json'], json)).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ backend: 'wasm', simd: 'relaxed', threads: 2 });
    const plain = captureIO(dir, { DESCENT_BACKEND: 'wasm', DESCENT_THREADS: '2' });
    expect(await main(['info'], plain)).toBe(0);
    expect(plain.stdout).toContain('backend: wasm (relaxed, 2 threads)\n');
    expect(plain.stderr).toBe('');
  });

  it('exits when its work is done, without dispose() (the workers are unref\'d)', () => {
    const script = join(dir, 'run.mts');
    const load = join(process.cwd(), 'src', 'backend', 'wasm', 'node', 'load.ts');
    writeFileSync(script, [
      `import { loadWasmBackend } from ${JSON.stringify(load)};`,
      'const b = await loadWasmBackend({ threads: 2, relaxed: false, memoryMiB: 16 });',
      'const [m, k, n] = [128, 256, 128];',
      'const C = new Float32Array(m * n);',
      'b.matmul(new Float32Array(m * k).fill(1), new Float32Array(k * n).fill(2), C, m, k, n, { transA: false, transB: false });',
      'console.log(`threads ${b.info.threads} c ${C[0]} ${C[m * n - 1]}`);',
    ].join('\n'));
    // A process held open by its workers would hit the timeout and throw here.
    const out = execFileSync(process.execPath, [join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs'), script],
      { encoding: 'utf8', timeout: 60_000 });
    expect(out).toBe('threads 2 c 512 512\n'); // 256 terms of 1 x 2
  });
});
