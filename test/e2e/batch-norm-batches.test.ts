// Batch norm cannot normalize a batch of one example (no variance): a batch size of 1, or one that
// leaves a last batch of 1, is refused before training with exit 2 at batchSize, not as an error
// in the middle of an epoch.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO, tempDir, writeJson } from './helpers.js';

const dir = tempDir('bn-batches');
// 3 x 100 spiral points, all for training (no validation split).
const config = (batchSize: number) => ({
  seed: 1, data: { source: 'spiral' },
  model: [{ type: 'linear', units: 8 }, { type: 'batchNorm' }, 'relu', { type: 'linear', units: 3 }],
  loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, epochs: 1, batchSize,
});

async function train(batchSize: number): Promise<{ code: number; stderr: string; out: string }> {
  const file = writeJson(dir, `bn-${batchSize}.json`, config(batchSize));
  const out = join(dir, `run-${batchSize}`);
  const io = captureIO(dir, { DESCENT_BACKEND: 'cpu' });
  return { code: await main(['train', file, '--out', out, '--quiet'], io), stderr: io.stderr, out };
}

describe('batch norm and batches of one example', () => {
  it('refuses a batch size of 1', async () => {
    const r = await train(1);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bn-1\.json: batchSize: batch norm needs at least 2 examples per batch/);
    expect(existsSync(join(r.out, 'model.json'))).toBe(false);
  });

  it('refuses 299 for 300 examples (299 + 1), suggesting a size that leaves no single example', async () => {
    const r = await train(299);
    expect(r.code).toBe(2);
    // 300 mod 300 = 0: 300 is the first size above 299 that does not leave 1.
    expect(r.stderr).toMatch(/batchSize: with 300 training examples a batch size of 299 leaves a last batch of 1 example.*e\.g\. 300/);
  });

  it('trains with 2 and with 100 (last batches of 2 and 100)', async () => {
    expect((await train(2)).code).toBe(0);
    expect((await train(100)).code).toBe(0);
  });
});
