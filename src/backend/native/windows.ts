// The window kernels of the Backend interface (im2col, col2im, the 2-D pools) on the addon: float32
// goes native, float64 and mixed dtypes go to the TypeScript kernels (src/backend/cpu/window.ts,
// pool2d.ts), which the native ones match bit for bit.
import type { Backend, Window2d } from '../backend.js';
import type { NativeKernels } from './addon.js';

/** The six window kernels of a Backend. */
export type WindowKernels = Pick<Backend, 'im2col' | 'col2im' | 'maxPool2d' | 'maxPool2dBackward' | 'avgPool2d' |
  'avgPool2dBackward'>;

/**
 * The window kernels on the addon for float32 buffers, `cpu`'s otherwise. An addon built from older
 * sources (no window kernels) leaves all of them on `cpu`.
 * @example
 * const windows = nativeWindows(kernels, cpuBackend); // kernels: the object NativeAddon.create returns
 */
export function nativeWindows(k: NativeKernels, cpu: WindowKernels): WindowKernels {
  const fromStaleBuild = typeof (k as Partial<NativeKernels>).im2col !== 'function';
  if (fromStaleBuild) {
    const { im2col, col2im, maxPool2d, maxPool2dBackward, avgPool2d, avgPool2dBackward } = cpu;
    return { im2col, col2im, maxPool2d, maxPool2dBackward, avgPool2d, avgPool2dBackward };
  }
  // One reusable geometry block per backend: no allocation per call.
  const geom = new Float64Array(14);
  const pack = (g: Window2d): Float64Array => {
    geom[0] = g.n; geom[1] = g.c; geom[2] = g.h; geom[3] = g.w; geom[4] = g.kh; geom[5] = g.kw; geom[6] = g.sh;
    geom[7] = g.sw; geom[8] = g.ph; geom[9] = g.pw; geom[10] = g.dh; geom[11] = g.dw; geom[12] = g.oh; geom[13] = g.ow;
    return geom;
  };
  return {
    im2col(x, g, cols) {
      if (x instanceof Float32Array && cols instanceof Float32Array) k.im2col(x, pack(g), cols);
      else cpu.im2col(x, g, cols);
    },
    col2im(cols, g, dx) {
      if (cols instanceof Float32Array && dx instanceof Float32Array) k.col2im(cols, pack(g), dx);
      else cpu.col2im(cols, g, dx);
    },
    maxPool2d(x, g, y, argmax) {
      if (x instanceof Float32Array && y instanceof Float32Array) k.maxPool2d(x, pack(g), y, argmax);
      else cpu.maxPool2d(x, g, y, argmax);
    },
    maxPool2dBackward(gy, argmax, dx) {
      if (gy instanceof Float32Array && dx instanceof Float32Array) k.maxPool2dBackward(gy, argmax, dx);
      else cpu.maxPool2dBackward(gy, argmax, dx);
    },
    avgPool2d(x, g, y) {
      if (x instanceof Float32Array && y instanceof Float32Array) k.avgPool2d(x, pack(g), y);
      else cpu.avgPool2d(x, g, y);
    },
    avgPool2dBackward(gy, g, dx) {
      if (gy instanceof Float32Array && dx instanceof Float32Array) k.avgPool2dBackward(gy, pack(g), dx);
      else cpu.avgPool2dBackward(gy, g, dx);
    },
  };
}
