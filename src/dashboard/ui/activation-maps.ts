/// <reference lib="dom" />
// The "Activation maps" card of a convnet run: one image of the run's data (chosen by number or by
// prev/next), its label and the model's prediction, and per layer a grid of its channel maps, each
// drawn in gray scaled to its own min..max (as the first-layer weights are).
import type { ActivationLayer, ActivationMaps } from '../api.js';
import { el, getJson } from './format.js';

/** A canvas of `values` (height x width, row-major), black at their minimum and white at their maximum. */
function grayCanvas(values: readonly number[], width: number, height: number, scale: number): HTMLCanvasElement {
  const c = el('canvas');
  c.width = width;
  c.height = height;
  c.style.width = `${width * scale}px`;
  c.style.height = `${height * scale}px`;
  const ctx = c.getContext('2d');
  if (ctx === null) return c;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const img = ctx.createImageData(width, height);
  for (let i = 0; i < values.length; i++) {
    // A constant map (a dead channel: all zeros after a relu) is mid-gray, not black.
    const g = hi > lo ? Math.round((255 * (values[i]! - lo)) / (hi - lo)) : 128;
    img.data.set([g, g, g, 255], 4 * i);
  }
  ctx.putImageData(img, 0, 0);
  return c;
}

/** One layer: its name and shape, then its maps. */
function layerBlock(layer: ActivationLayer): HTMLElement {
  const block = el('div', 'activation-layer');
  const shown = layer.maps.length < layer.channels ? ` (first ${layer.maps.length} shown)` : '';
  block.append(el('h4', 'mono', `${layer.name}: ${layer.channels} × ${layer.height}×${layer.width}${shown}`));
  const grid = el('div', 'weight-grid activation-grid');
  grid.dataset.maps = String(layer.maps.length);
  // About 48 px a map, at least 2 px a value, so 28x28 maps stay sharp and 3x3 ones stay visible.
  const scale = Math.max(2, Math.round(48 / Math.max(layer.width, layer.height)));
  for (const m of layer.maps) grid.append(grayCanvas(m, layer.width, layer.height, scale));
  block.append(grid);
  return block;
}

const className = (a: ActivationMaps, c: number | null): string => (c === null ? '–' : (a.classNames?.[c] ?? String(c)));

/**
 * The card for run `runId`, drawing image 0 once it is fetched; the controls fetch others.
 * @example block.append(activationsCard(run.summary.id));
 */
export function activationsCard(runId: string): HTMLElement {
  const card = el('section', 'card activations');
  const number = el('input');
  number.type = 'number';
  number.min = '0';
  number.value = '0';
  number.className = 'image-number';
  const prev = el('button', 'image-prev', '‹ prev');
  const next = el('button', 'image-next', 'next ›');
  const caption = el('span', 'activation-caption muted');
  const layers = el('div', 'activation-layers');
  const bar = el('div', 'activation-controls');
  bar.append(el('span', '', 'image '), prev, number, next, caption);
  card.append(el('h3', '', 'Activation maps'), bar, layers);
  let images = Infinity;
  let asked = 0;

  const show = async (k: number): Promise<void> => {
    // Never ask for an image the data does not have: the answer would be a 400.
    const image = Number.isFinite(k) ? Math.max(0, Math.min(images - 1, Math.floor(k))) : 0;
    number.value = String(image);
    asked = image;
    try {
      const a = await getJson<ActivationMaps>(`/api/runs/${runId}/activations?image=${image}`);
      if (asked !== image) return; // a later choice is on its way
      images = a.images;
      number.max = String(images - 1);
      const wrong = a.label !== null && a.predicted !== null && a.label !== a.predicted;
      caption.textContent = ` of ${a.images} (${a.split} data): label ${className(a, a.label)}, predicted ${className(a, a.predicted)}`;
      caption.classList.toggle('wrong', wrong);
      layers.dataset.layers = String(a.layers.length);
      layers.replaceChildren(...a.layers.map(layerBlock));
    } catch (error) {
      if (asked !== image) return;
      layers.replaceChildren(el('p', 'muted', `No activation maps: ${error instanceof Error ? error.message : String(error)}`));
    }
  };
  number.addEventListener('change', () => void show(Number(number.value)));
  prev.addEventListener('click', () => void show(asked - 1));
  next.addEventListener('click', () => void show(asked + 1));
  void show(0);
  return card;
}
