import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO, tempDir } from './helpers.js';

describe('descent train --dashboard', () => {
  it('serves the run beside the training and stops with it when not on a terminal', async () => {
    const dir = tempDir('train-dash');
    const config = {
      seed: 1,
      data: { source: 'spiral' },
      model: [{ type: 'linear', units: 10 }, 'relu', { type: 'linear', units: 3 }],
      loss: 'softmaxCrossEntropy',
      optimizer: { type: 'adam', lr: 0.01 },
      epochs: 3,
      batchSize: 64,
    };
    writeFileSync(join(dir, 'c.json'), JSON.stringify(config));
    const io = captureIO(dir);
    const code = await main(['train', 'c.json', '--out', 'run', '--dashboard', '--port', '0', '--quiet'], io);
    expect(code).toBe(0);
    const url = /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(io.stderr)?.[1];
    expect(url).toBeDefined();
    expect(existsSync(join(dir, 'run', 'metrics.jsonl'))).toBe(true);
    // The child was stopped (and has exited) when training ended: nothing listens there any more.
    await expect(fetch(`${url!}api/runs`)).rejects.toThrow();
  }, 60_000);
});
