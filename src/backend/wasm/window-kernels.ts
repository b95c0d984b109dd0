// The window kernels that run in the wasm module (source in wasm/kernels/windows.ts): im2col/col2im
// for convolutions, max and average pooling and their gradients. Operands are placed through the
// Arena as for the other kernels (in place when they live in the module's memory). Float64, an empty
// window, a buffer whose length does not match the window, or operands too big for the scratch go to
// cpuBackend, which computes the same values (the module follows its loops and its order of sums).
import type { Backend, Buf, Window2d } from '../backend.js';
import { cpuBackend } from '../cpu/index.js';
import { type Arena, overlaps } from './kernels.js';

type Geometry = [n: number, c: number, h: number, w: number, kh: number, kw: number, sh: number, sw: number,
  ph: number, pw: number, dh: number, dw: number, oh: number, ow: number];
type PoolGeometry = [n: number, c: number, h: number, w: number, kh: number, kw: number, sh: number, sw: number,
  ph: number, pw: number, oh: number, ow: number];

/** The exports of the module these kernels call (pointers are byte offsets into the memory). */
interface WindowKernelExports {
  im2col(x: number, ...rest: [...Geometry, number]): void;
  col2im(cols: number, ...rest: [...Geometry, number]): void;
  maxPool2d(x: number, ...rest: [...PoolGeometry, number, number]): void;
  maxPool2dBackward(gy: number, argmax: number, count: number, dx: number, size: number): void;
  avgPool2d(x: number, ...rest: [...PoolGeometry, number]): void;
  avgPool2dBackward(gy: number, ...rest: [...PoolGeometry, number]): void;
}

type WindowKernels = Pick<Backend, 'im2col' | 'col2im' | 'maxPool2d' | 'maxPool2dBackward' | 'avgPool2d'
  | 'avgPool2dBackward'>;

const geometry = (g: Window2d): Geometry =>
  [g.n, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.oh, g.ow];
const poolGeometry = (g: Window2d): PoolGeometry => [g.n, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.oh, g.ow];

/** Elements of x (N C H W), of the patch matrix (C kh kw x N OH OW) and of a pool's output (N C OH OW). */
function sizes(g: Window2d): { x: number; cols: number; y: number } {
  const y = g.n * g.c * g.oh * g.ow;
  return { x: g.n * g.c * g.h * g.w, cols: g.kh * g.kw * y, y };
}

/** Whether the module may take this window: integer sizes, positive steps, counts within its i32 indices. */
function usable(g: Window2d): boolean {
  const s = sizes(g);
  return geometry(g).every(Number.isInteger) && [g.kh, g.kw, g.sh, g.sw, g.dh, g.dw].every((v) => v > 0)
    && [s.x, s.cols, s.y].every((v) => v > 0 && v < 2 ** 31);
}

/**
 * The kernels of `Backend` that these exports replace, over one Arena shared with the other kernels.
 * `exports` is the kernel module's instance exports; `memory` is its memory (argmax is read and written
 * there as int32).
 */
export function windowWasmKernels(arena: Arena, exports: object, memory: WebAssembly.Memory): WindowKernels {
  const k = exports as WindowKernelExports;
  const ints = new Int32Array(memory.buffer);
  const f32 = (...xs: Buf[]): boolean => xs.every((x) => x instanceof Float32Array);

  /** Where argmax lives for the call: in place when resident and clear of `others`, else scratch. */
  const intOutput = (argmax: Int32Array, others: readonly Buf[]): number =>
    arena.resident(argmax) && others.every((o) => !overlaps(argmax, o)) ? argmax.byteOffset : arena.reserve(argmax.length);
  const intScratch = (argmax: Int32Array, others: readonly Buf[]): number =>
    arena.resident(argmax) && others.every((o) => !overlaps(argmax, o)) ? 0 : argmax.length;
  const intGet = (at: number, argmax: Int32Array): void => {
    if (arena.resident(argmax) && argmax.byteOffset === at) return;
    arena.copiesOut++;
    argmax.set(ints.subarray(at / 4, at / 4 + argmax.length));
  };

  /** A kernel from one input window to one output: `input` of `inSize`, `out` of `outSize` elements. */
  function oneToOne(name: 'im2col' | 'col2im' | 'avgPool2d' | 'avgPool2dBackward',
    sizeOf: (g: Window2d) => [number, number], args: (g: Window2d) => number[]) {
    return (input: Buf, g: Window2d, out: Buf): void => {
      const mem = arena.start();
      const [inSize, outSize] = usable(g) ? sizeOf(g) : [0, 0];
      // The output is written while the input is still being read, so they may share no byte.
      if (inSize === 0 || !f32(input, out) || input.length < inSize || out.length !== outSize
        || !mem.fits(mem.staged(input.subarray(0, inSize)), mem.scratchFor(out, [input], false))) {
        cpuBackend[name](input, g, out);
        return;
      }
      const pi = mem.put(input.subarray(0, inSize) as Float32Array);
      const po = mem.output(out, [input], false);
      (k[name] as (a: number, ...rest: number[]) => void)(pi, ...args(g), po);
      mem.get(po, out);
    };
  }

  return {
    im2col: oneToOne('im2col', (g) => [sizes(g).x, sizes(g).cols], geometry),
    col2im: oneToOne('col2im', (g) => [sizes(g).cols, sizes(g).x], geometry),
    avgPool2d: oneToOne('avgPool2d', (g) => [sizes(g).x, sizes(g).y], poolGeometry),
    avgPool2dBackward: oneToOne('avgPool2dBackward', (g) => [sizes(g).y, sizes(g).x], poolGeometry),
    maxPool2d(x, g, y, argmax) {
      const mem = arena.start();
      const s = usable(g) ? sizes(g) : { x: 0, y: 0 };
      if (s.x === 0 || !f32(x, y) || x.length < s.x || y.length !== s.y || argmax.length !== s.y
        || overlaps(y, argmax)
        || !mem.fits(mem.staged(x.subarray(0, s.x)), mem.scratchFor(y, [x], false), intScratch(argmax, [x, y]))) {
        cpuBackend.maxPool2d(x, g, y, argmax);
        return;
      }
      const px = mem.put(x.subarray(0, s.x) as Float32Array);
      const py = mem.output(y, [x], false);
      const pa = intOutput(argmax, [x, y]);
      k.maxPool2d(px, ...poolGeometry(g), py, pa);
      mem.get(py, y);
      intGet(pa, argmax);
    },
    maxPool2dBackward(gy, argmax, dx) {
      const mem = arena.start();
      const count = argmax.length;
      if (count === 0 || dx.length === 0 || !f32(gy, dx) || gy.length < count
        || !mem.fits(mem.staged(gy.subarray(0, count)), mem.staged(argmax), mem.scratchFor(dx, [gy, argmax], false))) {
        cpuBackend.maxPool2dBackward(gy, argmax, dx);
        return;
      }
      const pg = mem.put(gy.subarray(0, count) as Float32Array);
      const pa = mem.put(argmax);
      const pd = mem.output(dx, [gy, argmax], false);
      k.maxPool2dBackward(pg, pa, count, pd, dx.length);
      mem.get(pd, dx);
    },
  };
}
