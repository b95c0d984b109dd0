// The op conformance suite: for every row of op-specs.ts and every case, the float64 forward against
// the independent reference, the float32 forward against float64, and gradcheck in float64.
import { describe, expect, it } from 'vitest';
import type { DType } from '../../src/backend/backend.js';
import { gradcheck } from '../../src/check/gradcheck.js';
import * as ops from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/create.js';
import { Rng } from '../../src/tensor/rng.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { count, nd, type Nd } from './nd-reference.js';
import {
  DEFAULT_DRAW,
  DEFAULT_H,
  NOT_DIFFERENTIABLE,
  OP_SPECS,
  type OpCase,
  type OpRow,
} from './op-specs.js';

/** FNV-1a of the test's name: a seed that stays put when rows are added or reordered. */
function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function drawInputs(row: OpRow, c: OpCase, seed: number): Nd[] {
  const rng = new Rng(seed);
  for (let attempt = 0; attempt < 200; attempt++) {
    const xs = c.shapes.map((shape, i) => {
      const draw = Array.isArray(row.draw) ? row.draw[i] : row.draw;
      return nd(shape, (draw ?? DEFAULT_DRAW)(rng, count(shape)));
    });
    if (row.accept === undefined || row.accept(...xs)) return xs;
  }
  throw new Error(`${row.name} ${c.label}: no acceptable inputs in 200 draws (seed ${seed})`);
}

const toTensor = (x: Nd, dtype: DType): Tensor => tensor([...x.data], { shape: x.shape, dtype });

/** The first element where |got - want| > atol + rtol |want| (NaN never matches), or null. */
function firstMismatch(got: Tensor, want: Nd, rtol: number, atol: number): string | null {
  if (got.shape.join(',') !== want.shape.join(','))
    return `shape (${got.shape.join(',')}) != (${want.shape.join(',')})`;
  for (let i = 0; i < want.data.length; i++) {
    const g = got.data[i]!;
    const w = want.data[i]!;
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) return `element ${i}: got ${g}, want ${w}`;
  }
  return null;
}

describe('op registry', () => {
  it('has a row for every differentiable op exported by src/ops/index.ts', () => {
    const exported = Object.entries(ops)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k);
    const covered = new Set(OP_SPECS.map((r) => r.op));
    const missing = exported.filter(
      (name) => !covered.has(name) && !NOT_DIFFERENTIABLE.includes(name),
    );
    expect(missing).toEqual([]);
  });

  it('names only real exports, and every row has cases', () => {
    const exported = new Set(Object.keys(ops));
    expect(OP_SPECS.filter((r) => !exported.has(r.op)).map((r) => r.op)).toEqual([]);
    expect(OP_SPECS.filter((r) => r.cases.length === 0).map((r) => r.name)).toEqual([]);
  });
});

for (const row of OP_SPECS) {
  describe(`op ${row.name}`, () => {
    for (const c of row.cases) {
      const seed = seedOf(`${row.name}/${c.label}`);
      const where = `${row.name} ${c.label} (seed ${seed})`;

      it(`${c.label}: float64 forward matches the reference and leaves inputs alone`, () => {
        const xs = drawInputs(row, c, seed);
        const inputs = xs.map((x) => toTensor(x, 'float64'));
        const out = c.run(...inputs);
        expect(out.dtype, where).toBe('float64');
        expect(firstMismatch(out, c.reference(...xs), 1e-12, 1e-12), where).toBeNull();
        inputs.forEach((t, i) =>
          expect(Array.from(t.data), `${where}: input ${i} mutated`).toEqual(xs[i]!.data),
        );
      });

      it(`${c.label}: float32 forward within float32 tolerance of float64`, () => {
        // Round the inputs to float32 first, so both runs see the same values.
        const xs = drawInputs(row, c, seed).map((x) => nd(x.shape, x.data.map(Math.fround)));
        const out32 = c.run(...xs.map((x) => toTensor(x, 'float32')));
        const out64 = c.run(...xs.map((x) => toTensor(x, 'float64')));
        expect(out32.dtype, where).toBe('float32');
        const want = nd(out64.shape, Array.from(out64.data));
        expect(firstMismatch(out32, want, 1e-5, 1e-5), where).toBeNull();
      });

      it(`${c.label}: gradcheck in float64`, () => {
        const inputs = drawInputs(row, c, seed).map((x) => toTensor(x, 'float64'));
        const report = gradcheck(c.run, inputs, { seed, h: row.h ?? DEFAULT_H });
        const summary = `${where}: ${JSON.stringify(report.inputs.map((r) => r.worst))}`;
        expect(report.maxRelativeError, summary).toBeLessThanOrEqual(1e-6);
        expect(report.passed, summary).toBe(true);
        // The inputs are drawn away from kinks: a "kink" here would be a wrong gradient explained away.
        report.inputs.forEach((r, i) => {
          expect(r.kinks, summary).toBe(0);
          expect(r.checked, summary).toBe(inputs[i]!.size);
        });
      });
    }
  });
}
