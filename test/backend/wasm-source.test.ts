// loadWasmBackend's `source` (bytes, a URL fetched from a local server, a Response) and
// loadBestBackend's fallback: a failed fetch, bytes that do not compile and a module whose product
// is wrong all give cpuBackend after exactly one warning naming the reason; never a wrong backend.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import { loadBestBackend } from '../../src/backend/wasm/best-backend.js';
import { loadWasmBackend, WasmUnavailableError } from '../../src/backend/wasm/index.js';
import { relaxedBytes, relaxedSimdSupported, simd128Bytes } from '../../src/backend/wasm/support.js';
import { ConfigError } from '../../src/errors.js';
import type { Backend } from '../../src/backend/backend.js';

/** [[1, 2], [3, 4]] x [[5, 6], [7, 8]] = [[1*5+2*7, 1*6+2*8], [3*5+4*7, 3*6+4*8]]. */
function product(backend: Backend): number[] {
  const out = new Float32Array(4);
  backend.matmul(new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8]), out, 2, 2, 2, { transA: false, transB: false });
  return [...out];
}
const EXPECTED = [19, 22, 43, 50];

/**
 * A valid module with the kernel module's memory import and a `gemm` that writes nothing (and
 * `heapBase` 0), written out byte by byte: it compiles and instantiates, and its products are wrong.
 */
function noOpGemmModule(): Uint8Array {
  const name = (s: string) => [s.length, ...new TextEncoder().encode(s)];
  const section = (id: number, body: number[]) => [id, body.length, ...body];
  const i32 = 0x7f;
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    // types: (i32 x 10) -> () and () -> i32
    ...section(1, [2, 0x60, 10, ...Array<number>(10).fill(i32), 0, 0x60, 0, 1, i32]),
    // import env.memory, at least 1 page
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]),
    ...section(3, [2, 0, 1]),
    ...section(7, [2, ...name('gemm'), 0x00, 0, ...name('heapBase'), 0x00, 1]),
    // bodies: gemm does nothing; heapBase returns i32.const 0
    ...section(10, [2, 2, 0, 0x0b, 4, 0, 0x41, 0, 0x0b]),
  ]);
}

let server: Server;
let site: string;

beforeAll(async () => {
  const files: Record<string, Uint8Array> = {
    '/kernels.wasm': simd128Bytes(), '/kernels-simd128.wasm': simd128Bytes(), '/kernels-relaxed.wasm': relaxedBytes(),
  };
  server = createServer((req, res) => {
    const bytes = files[req.url ?? ''];
    if (bytes !== undefined) res.writeHead(200, { 'Content-Type': 'application/wasm' }).end(bytes);
    else res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  site = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});

afterAll(() => {
  server.close();
});

describe('loadWasmBackend({ source })', () => {
  it('compiles the bytes it is given', async () => {
    const backend = await loadWasmBackend({ relaxed: false, source: simd128Bytes() });
    expect(backend.name).toBe('wasm-simd128');
    expect(product(backend)).toEqual(EXPECTED);
  });

  it('fetches a URL', async () => {
    const backend = await loadWasmBackend({ relaxed: false, source: `${site}/kernels.wasm` });
    expect(product(backend)).toEqual(EXPECTED);
    const fromResponse = await loadWasmBackend({ relaxed: false, source: fetch(new URL('/kernels.wasm', site)) });
    expect(product(fromResponse)).toEqual(EXPECTED);
  });

  it('rejects a failed fetch with a WasmUnavailableError naming the URL and the status', async () => {
    const error = await loadWasmBackend({ relaxed: false, source: `${site}/missing.wasm` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WasmUnavailableError);
    expect((error as Error).message).toBe(`wasm backend: fetching the kernel module from ${site}/missing.wasm failed: HTTP 404 Not Found`);
    const refused = await loadWasmBackend({ relaxed: false, source: Promise.reject(new Error('connection refused')) }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WasmUnavailableError);
    expect((refused as Error).message).toContain('connection refused');
  });
});

describe('loadBestBackend', () => {
  it('gives the wasm backend where it loads and computes right', async () => {
    const warned: string[] = [];
    const backend = await loadBestBackend({ onFallback: (r) => warned.push(r) });
    expect(backend.name).toMatch(/^wasm-/);
    expect(product(backend)).toEqual(EXPECTED);
    expect(warned).toEqual([]);
  });

  it('asks a source function for the build this engine runs', async () => {
    const asked: string[] = [];
    const backend = await loadBestBackend({
      onFallback: (r) => asked.push(`fallback: ${r}`),
      source: (flavour) => {
        asked.push(flavour);
        return `${site}/kernels-${flavour}.wasm`;
      },
    });
    const flavour = relaxedSimdSupported() ? 'relaxed' : 'simd128';
    expect(asked).toEqual([flavour]);
    expect(backend.name).toBe(`wasm-${flavour}`);
    expect(product(backend)).toEqual(EXPECTED);
  });

  it.each([
    ['a failed fetch', () => `${site}/missing.wasm`, 'HTTP 404'],
    ['bytes that do not compile', () => new TextEncoder().encode('not a wasm module'), 'failed to compile'],
    // Its product is zeros, or throws where the loader needs exports this module lacks: refused either way.
    ['a module whose product is wrong', noOpGemmModule, 'the wasm kernel module is wrong here: its matrix product'],
  ])('falls back to cpuBackend with one warning on %s', async (_what, source, reason) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const backend = await loadBestBackend({ source: source() });
      expect(backend).toBe(cpuBackend);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain('descent: training on the TypeScript backend (cpu), not wasm');
      expect(String(warn.mock.calls[0]![0])).toContain(reason);
    } finally {
      warn.mockRestore();
    }
  });

  it('still throws for a mistake that is no missing feature', async () => {
    await expect(loadBestBackend({ memoryMiB: 0 })).rejects.toBeInstanceOf(ConfigError);
  });
});
