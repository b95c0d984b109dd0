// The decision boundary: the snapshot's grid as a heatmap (class colour, paler where the model is
// unsure), with the training points (filled) and validation points (hollow) on top.
import { type Boundary, GRID, type PointsView, type Ready } from '../protocol.js';
import { cssOf, diverging, rgbOf } from './colors.js';

/** Pixel position of raw coordinates on a canvas of `size` pixels showing [-extent, extent]². */
export const toPixel = (v: number, extent: number, size: number, flip: boolean): number =>
  flip ? ((extent - v) / (2 * extent)) * size : ((v + extent) / (2 * extent)) * size;

function heatmap(ctx: CanvasRenderingContext2D, snap: Boundary, classification: boolean, range: number, small: OffscreenCanvas): void {
  const image = ctx.createImageData(GRID, GRID);
  for (let i = 0; i < GRID * GRID; i++) {
    let rgb: readonly [number, number, number];
    let alpha = 1;
    if (classification) {
      rgb = rgbOf(snap.grid[i]!);
      alpha = 0.25 + 0.55 * Math.max(0, Math.min(1, snap.confidence[i]!));
    } else {
      rgb = diverging(snap.grid[i]! / range);
    }
    // Blend with white here so the pixels stay opaque.
    image.data[4 * i] = Math.round(255 + (rgb[0] - 255) * alpha);
    image.data[4 * i + 1] = Math.round(255 + (rgb[1] - 255) * alpha);
    image.data[4 * i + 2] = Math.round(255 + (rgb[2] - 255) * alpha);
    image.data[4 * i + 3] = 255;
  }
  small.getContext('2d')!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, ctx.canvas.width, ctx.canvas.height);
}

function points(ctx: CanvasRenderingContext2D, p: PointsView, extent: number, classification: boolean, range: number, hollow: boolean): void {
  const size = ctx.canvas.width;
  for (let i = 0; i < p.n; i++) {
    const x = toPixel(p.x[2 * i]!, extent, size, false);
    const y = toPixel(p.x[2 * i + 1]!, extent, size, true);
    ctx.beginPath();
    ctx.arc(x, y, 3.5, 0, 2 * Math.PI);
    const colour = classification ? cssOf(p.y[i]!) : `rgb(${diverging(p.y[i]! / range).join(',')})`;
    ctx.lineWidth = 1.5;
    if (hollow) {
      ctx.strokeStyle = colour;
      ctx.stroke();
    } else {
      ctx.fillStyle = colour;
      ctx.fill();
      ctx.strokeStyle = '#0f172a';
      ctx.stroke();
    }
  }
}

/** Largest |target|, so regression colours span the data. */
export function targetRange(ready: Ready): number {
  let m = 1e-6;
  for (const v of ready.train.y) m = Math.max(m, Math.abs(v));
  return m;
}

/** Draws one frame of the boundary canvas; `scratch` is a GRID x GRID canvas the image is scaled up from. */
export function drawBoundary(canvas: HTMLCanvasElement, ready: Ready, snap: Boundary | undefined, scratch: OffscreenCanvas): void {
  const ctx = canvas.getContext('2d')!;
  const classification = ready.classes > 0;
  const range = targetRange(ready);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (snap !== undefined) heatmap(ctx, snap, classification, range, scratch);
  points(ctx, ready.train, ready.extent, classification, range, false);
  if (ready.validation !== undefined) points(ctx, ready.validation, ready.extent, classification, range, true);
}
