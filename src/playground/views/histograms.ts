// Activation histograms per hidden layer on the training data, with mean and standard deviation:
// the notes' initialization experiment (tanh outputs collapse to 0 with small weights).
import type { Histogram } from '../protocol.js';

const W = 220;
const H = 70;

export function drawHistograms(parent: HTMLElement, hists: readonly Histogram[]): void {
  while (parent.children.length > hists.length) parent.lastElementChild!.remove();
  hists.forEach((h, i) => {
    let box = parent.children[i] as HTMLElement | undefined;
    if (box === undefined) {
      box = document.createElement('figure');
      box.className = 'histogram';
      const c = document.createElement('canvas');
      c.width = W;
      c.height = H;
      box.append(c, document.createElement('figcaption'));
      parent.append(box);
    }
    box.dataset.layer = h.layer;
    const canvas = box.querySelector('canvas')!;
    const ctx = canvas.getContext('2d')!;
    ctx.clearRect(0, 0, W, H);
    const max = Math.max(1, ...h.counts);
    const bw = W / h.counts.length;
    ctx.fillStyle = '#2563eb';
    h.counts.forEach((c, b) => {
      const bh = ((H - 2) * c) / max;
      ctx.fillRect(b * bw, H - bh, Math.max(1, bw - 1), bh);
    });
    box.querySelector('figcaption')!.textContent =
      `${h.layer}: mean ${h.mean.toPrecision(3)}, std ${h.std.toPrecision(3)}, range ${h.lo.toPrecision(3)} .. ${h.hi.toPrecision(3)}`;
  });
}
