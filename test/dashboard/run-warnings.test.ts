// The dashboard's run detail lists the trainer's warning records in order, and a resume drops
// those of the epochs it replays (as it drops their epoch records).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunSource } from '../../src/dashboard/run-data.js';

const start = { type: 'start', time: '2026-12-03T00:00:00Z', name: 'w', config: {}, parameters: 10, trainSize: 8, valSize: 0, testSize: 0, stepsPerEpoch: 1, backend: 'cpu' };
const epoch = (n: number) => ({ type: 'epoch', epoch: n, step: n, seconds: 0.1, lr: 10, trainLoss: 1, updateRatios: {}, deadRelu: {} });
const warning = (n: number, kind: string, message: string) => ({ type: 'warning', kind, message, epoch: n, step: n });

function runDir(events: readonly object[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'descent-run-warnings-'));
  writeFileSync(join(dir, 'metrics.jsonl'), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  return dir;
}

describe('run detail warnings', () => {
  it('lists each warning record with its epoch, kind and message', () => {
    const run = new RunSource('a', runDir([start, epoch(1), warning(1, 'update-ratio', 'lr too high'), epoch(2), warning(2, 'dead-relu', 'dead'), { type: 'end', status: 'finished', epochs: 2, seconds: 1 }]));
    run.refresh();
    expect(run.detail(100, false).warnings).toEqual([
      { epoch: 1, kind: 'update-ratio', message: 'lr too high' },
      { epoch: 2, kind: 'dead-relu', message: 'dead' },
    ]);
    expect(run.summary().status).toBe('finished');
  });

  it('a resume from epoch 1 drops the warnings of the epochs after it', () => {
    const run = new RunSource('b', runDir([start, epoch(1), warning(1, 'initial-loss', 'a'), epoch(2), warning(2, 'overfitting', 'b'), { ...start, resumedFromEpoch: 1 }]));
    run.refresh();
    expect(run.detail(100, false).warnings.map((w) => w.message)).toEqual(['a']);
  });
});
