// The controls <-> Settings: reading every control into one Settings object, and setting every
// control from one. The layer editor's rows are built here too.
import {
  ACTIVATIONS, DATASETS, FEATURES, INITS, type LayerSettings, LOSSES, OPTIMIZERS, PREPROCESS, SCHEDULES, type Settings,
} from '../settings.js';

export const byId = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the page has no #${id}`);
  return el as T;
};

const input = (id: string) => byId<HTMLInputElement>(id);
const select = (id: string) => byId<HTMLSelectElement>(id);
const number = (id: string, dflt: number): number => {
  const v = Number(input(id).value);
  return Number.isFinite(v) ? v : dflt;
};
const choice = <T extends string>(id: string, list: readonly T[]): T => {
  const v = select(id).value;
  return (list as readonly string[]).includes(v) ? (v as T) : list[0]!;
};

const featureBox = (f: string) => byId('features').querySelector(`input[value="${f}"]`) as HTMLInputElement;

/** The lr slider's position is log10(lr). */
export const lrOfSlider = (v: number): number => Number((10 ** v).toPrecision(2));

/** The slider's lr, keeping `current` when the slider still sits on its step (lr 0.003 is not snapped to 0.0032). */
function sliderLr(position: number, current: number): number {
  return Math.abs(Math.log10(current) - position) <= 0.051 ? current : lrOfSlider(position);
}

export function showLr(lr: number): void {
  byId<HTMLOutputElement>('lr-value').textContent = String(lr);
}

function layerRow(l: LayerSettings, i: number): HTMLElement {
  const row = document.createElement('div');
  row.className = 'layer';
  row.dataset.layer = String(i);
  const id = (k: string) => `layer-${i}-${k}`;
  const opts = ACTIVATIONS.map((a) => `<option value="${a}"${a === l.activation ? ' selected' : ''}>${a}</option>`).join('');
  row.innerHTML =
    `<span class="layer-name">hidden ${i + 1}</span>` +
    `<label for="${id('units')}">units</label><input id="${id('units')}" class="units" type="number" min="1" max="256" step="1" value="${l.units}" title="Units in this layer, 1 to 256: more units, more capacity">` +
    `<label for="${id('act')}">activation</label><select id="${id('act')}" class="activation" title="ReLU is the notes' default; tanh and sigmoid saturate; maxout takes the max of 2 linear pieces; none makes the layer linear">${opts}</select>` +
    `<label for="${id('bn')}">batch norm</label><input id="${id('bn')}" class="batchnorm" type="checkbox"${l.batchnorm ? ' checked' : ''} title="Normalize each unit over the batch before the activation: eases bad initialization">` +
    `<label for="${id('drop')}">dropout</label><input id="${id('drop')}" class="dropout" type="number" min="0" max="0.95" step="0.05" value="${l.dropout}" title="Drop each unit with this probability while training (inverted dropout); 0 is off">`;
  return row;
}

function readLayers(): LayerSettings[] {
  return Array.from(byId('layers').querySelectorAll<HTMLElement>('.layer')).map((row) => {
    const q = <T extends Element>(c: string) => row.querySelector(c) as T;
    const units = Math.round(Number(q<HTMLInputElement>('.units').value));
    const act = q<HTMLSelectElement>('.activation').value;
    const dropout = Number(q<HTMLInputElement>('.dropout').value);
    return {
      units: Number.isFinite(units) && units >= 1 ? Math.min(256, units) : 1,
      activation: (ACTIVATIONS as readonly string[]).includes(act) ? (act as LayerSettings['activation']) : 'relu',
      batchnorm: q<HTMLInputElement>('.batchnorm').checked,
      dropout: Number.isFinite(dropout) && dropout > 0 && dropout < 1 ? dropout : 0,
    };
  });
}

export function writeLayers(layers: readonly LayerSettings[]): void {
  byId('layers').replaceChildren(...layers.map(layerRow));
}

/** Every control's value, as Settings; `custom` points are carried over from `base`. */
export function readSettings(base: Settings): Settings {
  const s: Settings = {
    dataset: choice('dataset', DATASETS), classes: Math.round(number('classes', 3)), noise: number('noise', 0.2),
    points: Math.round(number('points', 300)), split: number('split', 0), seed: Math.round(number('seed', 1)),
    features: FEATURES.filter((f) => featureBox(f).checked),
    preprocess: choice('preprocess', PREPROCESS), layers: readLayers(), init: choice('init', INITS), loss: choice('loss', LOSSES),
    l1: number('l1', 0), l2: number('l2', 0), maxnorm: number('maxnorm', 0), optimizer: choice('optimizer', OPTIMIZERS),
    lr: sliderLr(number('lr', 0), base.lr), schedule: choice('schedule', SCHEDULES), momentumAnneal: input('momentum-anneal').checked,
    batchSize: Math.round(number('batch-size', 0)), epochs: Math.round(number('epochs', 1000)),
  };
  return base.custom === undefined ? s : { ...s, custom: base.custom };
}

/** Disables the controls that do not apply: classes only for spiral and blobs, the loss only for classification. */
export function syncEnabled(s: Settings): void {
  input('classes').disabled = s.custom !== undefined || !(s.dataset === 'spiral' || s.dataset === 'blobs');
  select('loss').disabled = s.dataset === 'regression';
}

/** Sets every control from `s`. */
export function writeSettings(s: Settings): void {
  syncEnabled(s);
  select('dataset').value = s.dataset;
  input('classes').value = String(s.classes);
  input('noise').value = String(s.noise);
  input('points').value = String(s.points);
  input('split').value = String(s.split);
  input('seed').value = String(s.seed);
  for (const f of FEATURES) featureBox(f).checked = s.features.includes(f);
  select('preprocess').value = s.preprocess;
  writeLayers(s.layers);
  select('init').value = s.init;
  select('loss').value = s.loss;
  input('l1').value = String(s.l1);
  input('l2').value = String(s.l2);
  input('maxnorm').value = String(s.maxnorm);
  select('optimizer').value = s.optimizer;
  input('lr').value = String(Math.log10(s.lr));
  showLr(s.lr);
  select('schedule').value = s.schedule;
  input('momentum-anneal').checked = s.momentumAnneal;
  input('batch-size').value = String(s.batchSize);
  input('epochs').value = String(s.epochs);
}
