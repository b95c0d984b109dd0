// A small before/after scatter of the preprocessing: the raw training points (left) and the
// network's inputs after centering, scaling, PCA or whitening (right), each on its own scale.
import type { Ready } from '../protocol.js';
import { cssOf } from './colors.js';

function scatter(ctx: CanvasRenderingContext2D, x: Float32Array, labels: Float32Array, left: number, size: number, classification: boolean): void {
  let m = 1e-9;
  for (const v of x) m = Math.max(m, Math.abs(v));
  ctx.strokeStyle = '#cbd5e1';
  ctx.strokeRect(left + 0.5, 0.5, size - 1, size - 1);
  const n = x.length / 2;
  for (let i = 0; i < n; i++) {
    ctx.fillStyle = classification ? cssOf(labels[i]!) : '#2563eb';
    const px = left + size / 2 + (x[2 * i]! / m) * (size / 2 - 3);
    const py = size / 2 - (x[2 * i + 1]! / m) * (size / 2 - 3);
    ctx.fillRect(px - 1, py - 1, 2, 2);
  }
}

export function drawPreprocess(canvas: HTMLCanvasElement, ready: Ready): void {
  const ctx = canvas.getContext('2d')!;
  const size = canvas.height;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  canvas.hidden = ready.preprocessed === undefined;
  if (ready.preprocessed === undefined) return;
  scatter(ctx, ready.train.x, ready.train.y, 0, size, ready.classes > 0);
  scatter(ctx, ready.preprocessed, ready.train.y, canvas.width - size, size, ready.classes > 0);
}
