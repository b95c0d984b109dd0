/// <reference lib="dom" />
// The parts of a run below its charts: first-layer weights as images, the config, and the
// doctor's last report.
import type { RunDetail, WeightsImages } from '../api.js';
import { el } from './format.js';

/** A grid of small images, one per hidden unit, each scaled to its own min..max (CS231n style). */
export function renderWeights(w: WeightsImages): HTMLElement {
  const card = el('section', 'card weights');
  card.append(el('h3', '', `First-layer weights (${w.parameter}): ${w.units.length} ${w.kind}, ${w.width}×${w.height}`));
  const grid = el('div', 'weight-grid');
  grid.dataset.units = String(w.units.length);
  const scale = Math.max(2, Math.round(56 / w.width));
  for (const unit of w.units) {
    const c = el('canvas');
    c.width = w.width;
    c.height = w.height;
    c.style.width = `${w.width * scale}px`;
    c.style.height = `${w.height * scale}px`;
    const ctx = c.getContext('2d');
    if (ctx === null) continue;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of unit) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const img = ctx.createImageData(w.width, w.height);
    for (let i = 0; i < unit.length; i++) {
      const g = hi > lo ? Math.round((255 * (unit[i]! - lo)) / (hi - lo)) : 128;
      img.data[4 * i] = g;
      img.data[4 * i + 1] = g;
      img.data[4 * i + 2] = g;
      img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    grid.append(c);
  }
  card.append(grid);
  return card;
}

/** The trainer's warnings, one line each with its epoch. */
function renderWarnings(warnings: RunDetail['warnings']): HTMLElement {
  const card = el('section', 'card warnings');
  card.append(el('h3', '', `Warnings while training (${warnings.length})`));
  const list = el('ul', 'warning-list');
  for (const w of warnings) list.append(el('li', '', `epoch ${w.epoch}: ${w.message}`));
  card.append(list);
  return card;
}

/** The config as JSON, the doctor's checks as a table, and the trainer's warnings. */
export function renderDetails(r: RunDetail): HTMLElement {
  const wrap = el('div', 'details');
  const cfg = el('section', 'card config');
  cfg.append(el('h3', '', 'Config'), el('pre', 'mono', JSON.stringify(r.config, null, 2)));
  const doc = el('section', 'card doctor');
  doc.append(el('h3', '', "Doctor's report"));
  if (r.doctor === null) doc.append(el('p', 'muted', 'No doctor.json in this run directory.'));
  else {
    const table = el('table', 'checks');
    const head = table.createTHead().insertRow();
    for (const h of ['check', 'status', 'value', 'expected', 'hint']) head.append(el('th', '', h));
    const body = table.createTBody();
    for (const c of r.doctor.checks) {
      const row = body.insertRow();
      row.insertCell().textContent = c.name;
      row.insertCell().append(el('span', `pill ${c.status}`, c.status));
      row.insertCell().textContent = c.value ?? '';
      row.insertCell().textContent = c.expected ?? '';
      row.insertCell().textContent = c.hint ?? '';
    }
    doc.append(table);
  }
  wrap.append(cfg, doc);
  if (r.warnings.length > 0) wrap.append(renderWarnings(r.warnings));
  return wrap;
}
