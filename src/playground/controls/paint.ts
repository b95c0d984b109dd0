// Placing points with the mouse, as in ConvNetJS: a click adds a point of the chosen class, a
// shift-click one of the next class, an alt-click (or right-click) erases the nearest point.
import type { Ready } from '../protocol.js';
import { shortest } from './files.js';

export type Edit =
  | { readonly kind: 'add'; readonly x: number; readonly y: number; readonly shift: boolean }
  | { readonly kind: 'erase'; readonly x: number; readonly y: number };

/** Raw coordinates under a mouse event on the boundary canvas. */
function place(canvas: HTMLCanvasElement, e: MouseEvent, extent: number): { x: number; y: number } {
  const r = canvas.getBoundingClientRect();
  const u = (e.clientX - r.left) / r.width;
  const v = (e.clientY - r.top) / r.height;
  return { x: -extent + 2 * extent * u, y: extent - 2 * extent * v };
}

export function bindPaint(canvas: HTMLCanvasElement, extent: () => number | undefined, edit: (e: Edit) => void): void {
  const handle = (e: MouseEvent, erase: boolean) => {
    const ext = extent();
    if (ext === undefined) return;
    const p = place(canvas, e, ext);
    edit(erase ? { kind: 'erase', ...p } : { kind: 'add', ...p, shift: e.shiftKey });
  };
  canvas.addEventListener('click', (e) => handle(e, e.altKey));
  canvas.addEventListener('contextmenu', (e) => { e.preventDefault(); handle(e, true); });
}

/** Every point drawn now (training and validation), as config rows [x, y, target]. */
export function currentRows(ready: Ready): number[][] {
  const rows: number[][] = [];
  for (const p of [ready.train, ...(ready.validation === undefined ? [] : [ready.validation])]) {
    for (let i = 0; i < p.n; i++) rows.push([shortest(p.x[2 * i]!), shortest(p.x[2 * i + 1]!), shortest(p.y[i]!)]);
  }
  return rows;
}

function nearest(rows: readonly (readonly number[])[], x: number, y: number, reach: number): number {
  let best = -1;
  let bestD = reach * reach;
  rows.forEach((r, i) => {
    const d = (r[0]! - x) ** 2 + (r[1]! - y) ** 2;
    if (d < bestD) { bestD = d; best = i; }
  });
  return best;
}

/**
 * The rows after an edit: an add on top of a point relabels it to `label`; elsewhere it adds a
 * point of `label`; an erase removes the nearest point within `reach` (never the last one).
 */
export function applyEdit(rows: readonly (readonly number[])[], e: Edit, label: number, reach: number): number[][] {
  const out = rows.map((r) => [...r]);
  const hit = nearest(out, e.x, e.y, e.kind === 'add' ? reach / 2 : reach);
  if (e.kind === 'add') {
    if (hit >= 0) out[hit]![2] = label;
    else out.push([Number(e.x.toFixed(3)), Number(e.y.toFixed(3)), label]);
  } else if (hit >= 0 && out.length > 1) {
    out.splice(hit, 1);
  }
  return out;
}
