// One small heatmap per hidden unit (its output over the grid, scaled to its own range); hovering
// a map shows it large.
import { GRID, type NeuronMaps } from '../protocol.js';
import { diverging } from './colors.js';

const SMALL = 40;

function paint(canvas: HTMLCanvasElement, values: Float32Array, offset: number, small: OffscreenCanvas): void {
  const rows = GRID * GRID;
  let m = 1e-9;
  for (let i = 0; i < rows; i++) m = Math.max(m, Math.abs(values[offset + i]!));
  const image = new ImageData(GRID, GRID);
  for (let i = 0; i < rows; i++) {
    const rgb = diverging(values[offset + i]! / m);
    image.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * i);
  }
  small.getContext('2d')!.putImageData(image, 0, 0);
  canvas.getContext('2d')!.drawImage(small, 0, 0, canvas.width, canvas.height);
}

export class NeuronView {
  private maps: readonly NeuronMaps[] = [];
  private hovered: { layer: number; unit: number } | undefined;

  constructor(private readonly parent: HTMLElement, private readonly large: HTMLCanvasElement, private readonly scratch: OffscreenCanvas) {}

  update(maps: readonly NeuronMaps[]): void {
    const shape = maps.map((m) => `${m.layer}:${m.units}`).join(',');
    if (shape !== this.maps.map((m) => `${m.layer}:${m.units}`).join(',')) this.build(maps);
    this.maps = maps;
    maps.forEach((m, l) => {
      const row = this.parent.children[l];
      for (let u = 0; u < m.units; u++) paint(row!.children[u + 1] as HTMLCanvasElement, m.values, u * GRID * GRID, this.scratch);
    });
    this.drawLarge();
  }

  private build(maps: readonly NeuronMaps[]): void {
    this.parent.replaceChildren(...maps.map((m, l) => {
      const row = document.createElement('div');
      row.className = 'neuron-row';
      const name = document.createElement('span');
      name.textContent = m.layer;
      row.append(name);
      for (let u = 0; u < m.units; u++) {
        const c = document.createElement('canvas');
        c.width = SMALL;
        c.height = SMALL;
        c.title = `${m.layer}, unit ${u + 1}`;
        c.addEventListener('mouseenter', () => { this.hovered = { layer: l, unit: u }; this.drawLarge(); });
        c.addEventListener('mouseleave', () => { this.hovered = undefined; this.large.hidden = true; });
        row.append(c);
      }
      return row;
    }));
  }

  private drawLarge(): void {
    const h = this.hovered;
    const m = h === undefined ? undefined : this.maps[h.layer];
    if (h === undefined || m === undefined || h.unit >= m.units) return;
    this.large.hidden = false;
    paint(this.large, m.values, h.unit * GRID * GRID, this.scratch);
  }
}
