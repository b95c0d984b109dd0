// Shape helpers: sizes, strides, broadcasting and axis normalization, with errors that name shapes.
import type { Shape } from '../backend/backend.js';
import { ShapeError } from '../errors.js';

/** "(2,3)" for [2, 3], "()" for a scalar. */
export const formatShape = (shape: Shape): string => `(${shape.join(',')})`;

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Throws ShapeError unless every dimension is a non-negative integer. */
export function checkShape(shape: Shape, where: string): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${where}: invalid shape ${formatShape(shape)} (dimensions must be integers >= 0)`);
    }
  }
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** NumPy broadcasting of several shapes; the error names the op and every shape. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (let i = 0; i < rank; i++) {
    for (const s of shapes) {
      const d = s[s.length - rank + i] ?? 1;
      if (d === 1) continue;
      if (out[i] === 1) out[i] = d;
      else if (out[i] !== d) {
        throw new ShapeError(`${op}: shapes ${shapes.map(formatShape).join(' and ')} cannot be broadcast together`);
      }
    }
  }
  return out;
}

/** Normalizes axes (negative counts from the end) to sorted unique non-negative integers. */
export function normalizeAxes(op: string, axis: number | readonly number[] | undefined, rank: number): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  const out = list.map((a) => normalizeAxis(op, a, rank));
  return [...new Set(out)].sort((x, y) => x - y);
}

export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new ShapeError(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}
