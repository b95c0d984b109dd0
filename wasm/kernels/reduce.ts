// Sum and max of float32 data over trailing axes (each of `rows` rows of `cols` folds to one value)
// or leading axes (`outer` rows of `inner` are combined element by element), in the TypeScript
// backend's order: a trailing sum accumulates in f64, a leading one in float32, row by row.
// Max lets NaN win over any number. Codes: 0 sum, 1 max.

@inline function at(base: usize, i: i32): f32 { return load<f32>(base + (<usize>i << 2)); }

/** out[r] = reduce(x[r * cols .. r * cols + cols]). */
export function reduceRows(op: i32, x: usize, rows: i32, cols: i32, out: usize): void {
  for (let r = 0; r < rows; r++) {
    const p = x + (<usize>(r * cols) << 2);
    let acc: f64 = op == 0 ? 0 : -Infinity;
    if (op == 0) {
      for (let j = 0; j < cols; j++) acc += <f64>at(p, j);
    } else {
      for (let j = 0; j < cols; j++) {
        const v = <f64>at(p, j);
        if (v > acc || v != v) acc = v;
        if (acc != acc) break;
      }
    }
    store<f32>(out + (<usize>r << 2), <f32>acc);
  }
}

/** out[j] = reduce over r of x[r * inner + j]. */
export function reduceCols(op: i32, x: usize, outer: i32, inner: i32, out: usize): void {
  const init = f32x4.splat(op == 0 ? 0 : -Infinity);
  let j = 0;
  for (; j + 4 <= inner; j += 4) v128.store(out + (<usize>j << 2), init);
  for (; j < inner; j++) store<f32>(out + (<usize>j << 2), op == 0 ? 0 : -Infinity);
  for (let r = 0; r < outer; r++) {
    const p = x + (<usize>(r * inner) << 2);
    j = 0;
    for (; j + 4 <= inner; j += 4) {
      const o = <usize>j << 2;
      const v = v128.load(p + o);
      const m = v128.load(out + o);
      if (op == 0) v128.store(out + o, f32x4.add(m, v));
      else v128.store(out + o, v128.bitselect(v, m, v128.or(f32x4.gt(v, m), v128.and(f32x4.ne(v, v), f32x4.eq(m, m)))));
    }
    for (; j < inner; j++) {
      const v = at(p, j);
      const q = out + (<usize>j << 2);
      const m = load<f32>(q);
      if (op == 0) store<f32>(q, m + v);
      else if (v > m || (v != v && m == m)) store<f32>(q, v);
    }
  }
}
