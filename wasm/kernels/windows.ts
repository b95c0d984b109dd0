// The window kernels on float32 data in the imported memory: the patch matrix of a convolution
// (im2col) and its adjoint (col2im), max and average pooling and their input gradients. Each computes
// what src/backend/cpu/window.ts and pool2d.ts compute, with the same sums in the same order, so both
// backends agree bit for bit: col2im and the max-pool gradient add in float32 (the TypeScript backend's
// f64 sum of two floats rounds to the same float32), the average pools in f64 as JS numbers do.
// A window is passed as its 14 sizes (Window2d: n c h w kh kw sh sw ph pw dh dw oh ow); argmax holds
// element indices into x, not byte offsets.

@inline function ptr(base: usize, i: i32): usize { return base + (<usize>i << 2); }
@inline function imin(a: i32, b: i32): i32 { return a < b ? a : b; }
@inline function imax(a: i32, b: i32): i32 { return a > b ? a : b; }

/** floor(a / s) for s > 0 and any a (i32 division truncates toward zero). */
@inline function floorDiv(a: i32, s: i32): i32 { return a >= 0 ? a / s : -((s - 1 - a) / s); }

// validRange of window.ts: the outputs o in [lo, hi) whose tap o * s - p + kd lies in [0, size).
@inline function validLo(out: i32, s: i32, p: i32, kd: i32): i32 {
  const off = kd - p;
  return off >= 0 ? 0 : imin(out, (s - 1 - off) / s);
}
@inline function validHi(out: i32, size: i32, s: i32, p: i32, kd: i32): i32 {
  return imax(validLo(out, s, p, kd), imin(out, floorDiv(size - 1 - kd + p, s) + 1));
}

// Rows of a W4-sized patch matrix are 14 or 28 floats, and V8 runs memory.copy and memory.fill out of
// line: for runs that short the call costs more than the copy (im2col 128x32x14x14, 3x3: 12.5 ms with
// them, 4.8 ms with these loops), so short runs are copied here, four lanes at a time.
const LONG_RUN = 64;

/** d[0..n) = s[0..n). */
@inline function copyRow(d: usize, s: usize, n: i32): void {
  if (n >= LONG_RUN) { memory.copy(d, s, <usize>n << 2); return; }
  let k = 0;
  for (; k + 4 <= n; k += 4) v128.store(d + (<usize>k << 2), v128.load(s + (<usize>k << 2)));
  for (; k < n; k++) store<f32>(ptr(d, k), load<f32>(ptr(s, k)));
}

/** d[0..n) = 0. */
@inline function zeroRow(d: usize, n: i32): void {
  if (n >= LONG_RUN) { memory.fill(d, 0, <usize>n << 2); return; }
  let k = 0;
  for (; k + 4 <= n; k += 4) v128.store(d + (<usize>k << 2), i32x4.splat(0));
  for (; k < n; k++) store<f32>(ptr(d, k), 0);
}

/** Adds a[0..n) into d[0..n) four lanes at a time. */
@inline function addRow(d: usize, a: usize, n: i32): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const o = <usize>k << 2;
    v128.store(d + o, f32x4.add(v128.load(d + o), v128.load(a + o)));
  }
  for (; k < n; k++) store<f32>(ptr(d, k), load<f32>(ptr(d, k)) + load<f32>(ptr(a, k)));
}

/** cols[(c kh + i) kw + j, (n OH + oy) OW + ox] = x[n, c, oy sh - ph + i dh, ox sw - pw + j dw], 0 outside. */
export function im2col(x: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32,
  pw: i32, dh: i32, dw: i32, oh: i32, ow: i32, cols: usize): void {
  const plane = oh * ow;
  const width = n * plane;
  for (let ci = 0; ci < c; ci++) {
    for (let i = 0; i < kh; i++) {
      const ylo = validLo(oh, sh, ph, i * dh), yhi = validHi(oh, h, sh, ph, i * dh);
      for (let j = 0; j < kw; j++) {
        const xlo = validLo(ow, sw, pw, j * dw), xhi = validHi(ow, w, sw, pw, j * dw);
        const row = ((ci * kh + i) * kw + j) * width;
        for (let bi = 0; bi < n; bi++) {
          const col = row + bi * plane;
          const xo = (bi * c + ci) * h * w;
          // Output rows whose tap falls in the padding are zero; so are the columns at either end.
          zeroRow(ptr(cols, col), ylo * ow);
          for (let oy = ylo; oy < yhi; oy++) {
            const dst = col + oy * ow;
            const src = xo + (oy * sh - ph + i * dh) * w - pw + j * dw;
            zeroRow(ptr(cols, dst), xlo);
            if (sw == 1) {
              copyRow(ptr(cols, dst + xlo), ptr(x, src + xlo), xhi - xlo);
            } else {
              for (let ox = xlo; ox < xhi; ox++) store<f32>(ptr(cols, dst + ox), load<f32>(ptr(x, src + ox * sw)));
            }
            zeroRow(ptr(cols, dst + xhi), ow - xhi);
          }
          zeroRow(ptr(cols, col + yhi * ow), plane - yhi * ow);
        }
      }
    }
  }
}

/** dx (n c h w floats, overwritten) = every cols entry added at the tap im2col read it from. */
export function col2im(cols: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32,
  pw: i32, dh: i32, dw: i32, oh: i32, ow: i32, dx: usize): void {
  const plane = oh * ow;
  const width = n * plane;
  memory.fill(dx, 0, <usize>(n * c * h * w) << 2);
  for (let ci = 0; ci < c; ci++) {
    for (let i = 0; i < kh; i++) {
      const ylo = validLo(oh, sh, ph, i * dh), yhi = validHi(oh, h, sh, ph, i * dh);
      for (let j = 0; j < kw; j++) {
        const xlo = validLo(ow, sw, pw, j * dw), xhi = validHi(ow, w, sw, pw, j * dw);
        const row = ((ci * kh + i) * kw + j) * width;
        for (let bi = 0; bi < n; bi++) {
          const col = row + bi * plane;
          const xo = (bi * c + ci) * h * w;
          for (let oy = ylo; oy < yhi; oy++) {
            const from = col + oy * ow;
            const to = xo + (oy * sh - ph + i * dh) * w - pw + j * dw;
            if (sw == 1) {
              addRow(ptr(dx, to + xlo), ptr(cols, from + xlo), xhi - xlo);
            } else {
              for (let ox = xlo; ox < xhi; ox++) {
                const d = ptr(dx, to + ox * sw);
                store<f32>(d, load<f32>(d) + load<f32>(ptr(cols, from + ox)));
              }
            }
          }
        }
      }
    }
  }
}

/** Whether v replaces best in a max scan: larger, or the first NaN. As 0/1, so no branch depends on it. */
@inline function wins(v: f32, best: f32): bool {
  return <bool>(<i32>(v > best) | (<i32>(v != v) & <i32>(best == best)));
}

/**
 * One output of the max pool: the window rows [i0, i1) and columns [j0, j1) of the plane at `base`
 * (element index). The first tap seeds the scan (comparing it again changes nothing, NaN included).
 * Selects, not branches: on real data whether a tap wins is a coin toss the branch predictor loses.
 */
@inline function maxWindow(x: usize, base: i32, w: i32, i0: i32, i1: i32, j0: i32, j1: i32, y: usize, argmax: usize,
  k: i32): void {
  let best: f32 = -Infinity;
  let at = -1;
  if (i0 < i1 && j0 < j1) {
    at = base + i0 * w + j0;
    best = load<f32>(ptr(x, at));
    for (let i = i0; i < i1; i++) {
      const row = base + i * w;
      for (let j = j0; j < j1; j++) {
        const v = load<f32>(ptr(x, row + j));
        const win = wins(v, best);
        best = select<f32>(v, best, win);
        at = select<i32>(row + j, at, win);
      }
    }
  }
  store<f32>(ptr(y, k), best);
  store<i32>(ptr(argmax, k), at);
}

/**
 * Four outputs ox..ox+3 of one output row at once (stride sw 1 or 2), whose windows lie inside the row
 * [x0, x0 + 3 sw + kw) of columns: lane t reads column x0 + t sw + j, from one load (sw 1) or the even
 * lanes of two (sw 2, which read one column past the last tap: the caller keeps that inside the row).
 */
@inline function maxWindow4(x: usize, base: i32, w: i32, i0: i32, i1: i32, x0: i32, kw: i32, sw: i32, y: usize,
  argmax: usize, k: i32): void {
  const step = i32x4.mul(i32x4(0, 1, 2, 3), i32x4.splat(sw));
  let best = f32x4.splat(0);
  let at = i32x4.splat(0);
  for (let i = i0; i < i1; i++) {
    const row = base + i * w;
    for (let j = 0; j < kw; j++) {
      const q = row + x0 + j;
      const a = v128.load(ptr(x, q));
      const v = sw == 1 ? a : i8x16.shuffle(a, v128.load(ptr(x, q + 4)),
        0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27);
      const idx = i32x4.add(i32x4.splat(q), step);
      if (i == i0 && j == 0) {
        best = v;
        at = idx;
        continue;
      }
      const win = v128.or(f32x4.gt(v, best), v128.and(f32x4.ne(v, v), f32x4.eq(best, best)));
      best = v128.bitselect(v, best, win);
      at = v128.bitselect(idx, at, win);
    }
  }
  v128.store(ptr(y, k), best);
  v128.store(ptr(argmax, k), at);
}

/**
 * y = the max of each window of x (dilation 1, padding never the max); argmax = the element index in
 * x of the FIRST max in row-major window order, where a NaN beats any number (-1 for a window with no
 * input value, which the geometry's padding rule rules out).
 */
export function maxPool2d(x: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32,
  pw: i32, oh: i32, ow: i32, y: usize, argmax: usize): void {
  // Outputs [oxLo, oxHi) have windows wholly inside the row, the extra column a stride-2 load reads too.
  const oxLo = (pw + sw - 1) / sw;
  const oxHi = imin(ow, imax(oxLo, floorDiv(w - kw + pw - (sw == 2 ? 1 : 0), sw) + 1));
  const lanes = sw == 1 || sw == 2;
  let k = 0;
  for (let p = 0; p < n * c; p++) {
    const base = p * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - ph;
      const i0 = imax(0, y0), i1 = imin(h, y0 + kh);
      let ox = 0;
      for (; ox < ow; ox++, k++) {
        if (lanes && i0 < i1 && ox >= oxLo && ox + 4 <= oxHi) {
          maxWindow4(x, base, w, i0, i1, ox * sw - pw, kw, sw, y, argmax, k);
          ox += 3;
          k += 3;
          continue;
        }
        const x0 = ox * sw - pw;
        maxWindow(x, base, w, i0, i1, imax(0, x0), imin(w, x0 + kw), y, argmax, k);
      }
    }
  }
}

/** dx (size floats, overwritten) = zeros with gy[k] added at argmax[k]; an index outside dx is skipped. */
export function maxPool2dBackward(gy: usize, argmax: usize, count: i32, dx: usize, size: i32): void {
  memory.fill(dx, 0, <usize>size << 2);
  for (let k = 0; k < count; k++) {
    const at = load<i32>(ptr(argmax, k));
    // Unsigned, so a negative index is out of range too (a typed array ignores such a write).
    if (<u32>at >= <u32>size) continue;
    const d = ptr(dx, at);
    store<f32>(d, load<f32>(d) + load<f32>(ptr(gy, k)));
  }
}

/** y = the mean of each window of x, padding counted as zeros (the divisor is always kh kw). */
export function avgPool2d(x: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32,
  pw: i32, oh: i32, ow: i32, y: usize): void {
  const scale: f64 = 1 / <f64>(kh * kw);
  let k = 0;
  for (let p = 0; p < n * c; p++) {
    const base = p * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - ph;
      const i0 = imax(0, y0), i1 = imin(h, y0 + kh);
      for (let ox = 0; ox < ow; ox++, k++) {
        const x0 = ox * sw - pw;
        const j0 = imax(0, x0), j1 = imin(w, x0 + kw);
        let sum: f64 = 0;
        for (let i = i0; i < i1; i++) {
          for (let j = j0; j < j1; j++) sum += <f64>load<f32>(ptr(x, base + i * w + j));
        }
        store<f32>(ptr(y, k), <f32>(sum * scale));
      }
    }
  }
}

/** dx (n c h w floats, overwritten) = each gy[k] / (kh kw) added over its window: avgPool2d's adjoint. */
export function avgPool2dBackward(gy: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32,
  ph: i32, pw: i32, oh: i32, ow: i32, dx: usize): void {
  const scale: f64 = 1 / <f64>(kh * kw);
  memory.fill(dx, 0, <usize>(n * c * h * w) << 2);
  let k = 0;
  for (let p = 0; p < n * c; p++) {
    const base = p * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - ph;
      const i0 = imax(0, y0), i1 = imin(h, y0 + kh);
      for (let ox = 0; ox < ow; ox++, k++) {
        const x0 = ox * sw - pw;
        const j0 = imax(0, x0), j1 = imin(w, x0 + kw);
        const v = <f64>load<f32>(ptr(gy, k)) * scale;
        for (let i = i0; i < i1; i++) {
          for (let j = j0; j < j1; j++) {
            const d = ptr(dx, base + i * w + j);
            store<f32>(d, <f32>(<f64>load<f32>(d) + v));
          }
        }
      }
    }
  }
}
