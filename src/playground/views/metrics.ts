// The live figures: elements with data-metric, whose text is the plain number (tests and screen
// readers read them; accuracies are fractions).
import type { EpochFigures, FinalFigures } from '../protocol.js';

const plain = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '–' : String(Number(v.toPrecision(6))));

function set(name: string, text: string): void {
  for (const el of Array.from(document.querySelectorAll<HTMLElement>(`[data-metric="${name}"]`))) if (el.textContent !== text) el.textContent = text;
}

/**
 * Shows the figures of the newest epoch (or clears them before the first); once training has
 * ended, `last` is the final evaluation, the figures `descent train` prints.
 */
export function showMetrics(step: number, epoch: number, last: EpochFigures | FinalFigures | undefined): void {
  set('step', String(step));
  set('epoch', String(epoch));
  set('loss', plain(last?.trainLoss));
  set('trainAccuracy', plain(last?.trainAccuracy));
  set('valAccuracy', plain(last?.valAccuracy));
}

/** Frames drawn and training steps taken per second (the page's own benchmark figures). */
export function showRates(fps: number, stepsPerSecond: number): void {
  set('fps', String(Math.round(fps)));
  set('stepsPerSecond', String(Math.round(stepsPerSecond)));
}
