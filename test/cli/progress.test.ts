// The progress display on a terminal (a fake TTY stream, replayed by a tiny terminal model) keeps
// a line for each shown epoch, about 50 on long runs, the last always; in a pipe it prints the
// same epochs as plain lines.
import { describe, expect, it } from 'vitest';
import { epochLine, plainProgress, terminalProgress } from '../../src/cli/progress.js';
import type { EpochEvent, IterationEvent } from '../../src/train/run-log.js';
import { fakeTty } from '../helpers/fake-tty.js';

/**
 * The lines left on a terminal after `text`: carriage return and ESC[nG move to a column, ESC[2K
 * erases the line, ESC[0K / ESC[K erase to its end; other escapes (cursor save, hide) change nothing.
 */
function visibleLines(text: string): string[] {
  const lines: string[] = [''];
  let col = 0;
  const put = (s: string) => {
    const line = lines[lines.length - 1]!.padEnd(col);
    lines[lines.length - 1] = line.slice(0, col) + s + line.slice(col + s.length);
    col += s.length;
  };
  // eslint-disable-next-line no-control-regex
  const tokens = text.match(/\u001b\[[0-9;?]*[A-Za-z]|\u001b[78]|\r|\n|[^\u001b\r\n]+/g) ?? [];
  for (const t of tokens) {
    if (t === '\n') {
      lines.push('');
      col = 0;
    } else if (t === '\r') col = 0;
    else if (t.startsWith('\u001b[') && t.endsWith('G')) col = Number(t.slice(2, -1) || '1') - 1;
    else if (t === '\u001b[2K') lines[lines.length - 1] = '';
    else if (t === '\u001b[0K' || t === '\u001b[K') lines[lines.length - 1] = lines[lines.length - 1]!.slice(0, col);
    else if (!t.startsWith('\u001b')) put(t);
  }
  return lines.map((l) => l.trimEnd()).filter((l) => l !== '');
}

const epochEvent = (epoch: number, step: number): EpochEvent => ({
  type: 'epoch', epoch, step, seconds: 0, lr: 0.1, trainLoss: 1 / epoch, trainAccuracy: 0.5, valLoss: 2 / epoch, valAccuracy: 0.25,
  updateRatios: {}, deadRelu: {},
});

/** Feeds `epochs` epochs of `steps` steps to a reporter; returns the epoch records. */
function feed(progress: { onIteration(e: IterationEvent): void; onEpoch(e: EpochEvent): void }, epochs: number, steps: number): EpochEvent[] {
  const records: EpochEvent[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let b = 0; b < steps; b++) {
      const step = (epoch - 1) * steps + b + 1;
      progress.onIteration({ type: 'iteration', step, t: epoch - 1 + b / steps, loss: 1, lr: 0.1 });
    }
    const e = epochEvent(epoch, epoch * steps);
    records.push(e);
    progress.onEpoch(e);
  }
  return records;
}

// 120 epochs: every 3rd (ceil(120 / 50)) and the first: 1, 3, 6, ..., 120, 41 lines.
const SHOWN_OF_120 = [1, ...Array.from({ length: 40 }, (_, i) => 3 * (i + 1))];

describe('terminalProgress', () => {
  it('few steps per epoch: one bar for the run, with the shown epochs\' lines above it', () => {
    const { stream, written } = fakeTty();
    const progress = terminalProgress(stream, 120, 2);
    const records = feed(progress, 120, 2);
    progress.stop();
    const lines = visibleLines(written());
    expect(lines).toEqual(SHOWN_OF_120.map((n) => epochLine(records[n - 1]!, 120)));
    expect(lines.at(-1)).toBe('epoch 120/120  loss 0.0083  acc 50.0%  val_loss 0.0167  val_acc 25.0%  lr 0.1000  0.0s');
  });

  it('many steps per epoch: the shown epochs\' bars stay at 100%, the others are erased', () => {
    const { stream, written } = fakeTty();
    const progress = terminalProgress(stream, 120, 20);
    feed(progress, 120, 20);
    progress.stop();
    const lines = visibleLines(written());
    expect(lines.map((l) => /^epoch (\d+)\/120 /.exec(l)?.[1])).toEqual(SHOWN_OF_120.map(String));
    expect(lines.every((l) => l.includes('| 100% | '))).toBe(true);
    expect(lines.at(-1)).toMatch(/^epoch 120\/120 \|█+\| 100% \| loss 0\.0083 \| acc 50\.0% \| val_acc 25\.0% \| val_loss 0\.0167 \|/);
  });

  it('a short run keeps every epoch', () => {
    const { stream, written } = fakeTty();
    const progress = terminalProgress(stream, 4, 3);
    const records = feed(progress, 4, 3);
    progress.stop();
    expect(visibleLines(written())).toEqual(records.map((e) => epochLine(e, 4)));
  });
});

describe('plainProgress', () => {
  it('prints the same epochs as plain lines, nothing else', () => {
    let out = '';
    const records = feed(plainProgress((t) => void (out += t), 120), 120, 2);
    expect(out).toBe(SHOWN_OF_120.map((n) => `${epochLine(records[n - 1]!, 120)}\n`).join(''));
  });
});
