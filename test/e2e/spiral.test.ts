// The CS231n spiral case study through the config path (examples/spiral.json: 300 points, 3 classes,
// full-batch SGD lr 1, l2 1e-3): the notes report about 98% training accuracy for the 2-layer net
// (100 hidden relu units) and about 49% for a linear softmax classifier.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { trainFromConfig } from '../../src/config/node/train-run.js';
import { example, ROOT, tempDir } from './helpers.js';

const dir = tempDir('spiral');
const file = join(ROOT, 'examples', 'spiral.json');

// The example runs 10,000 epochs (30-40 s here). Measured with seeds 1-5: training accuracy stays
// >= 97% from epoch 3057, 1360, 1802, 2079 and 1471 on (it oscillates before: lr 1 is large for
// full batch), so 3200 is about the fewest that passes for every seed tried. The linear classifier
// is at 52-54% after 200 epochs and stays there (seeds 1-3, 200 and 1000 epochs).
const EPOCHS = 3200;

describe('spiral (CS231n case study)', () => {
  it(`the two-layer net (100 hidden, relu, l2 1e-3) reaches >= 97% training accuracy in ${EPOCHS} epochs`, async () => {
    const config = parseTrainConfig(example('spiral.json', { epochs: EPOCHS }), file);
    const s = await trainFromConfig(config, { outDir: join(dir, 'net') });
    expect(s.status).toBe('finished');
    expect(s.trainAccuracy).toBeGreaterThanOrEqual(0.97);
  }, 180_000); // ~10 s of CPU; the margin is for a machine shared with other work

  it('a linear softmax classifier on the same data stays between 45% and 60%', async () => {
    const linear = example('spiral.json', { epochs: 300, model: [{ type: 'linear', units: 3, init: 'small' }] });
    const s = await trainFromConfig(parseTrainConfig(linear, file), { outDir: join(dir, 'linear') });
    expect(s.status).toBe('finished');
    expect(s.trainAccuracy).toBeGreaterThanOrEqual(0.45);
    expect(s.trainAccuracy).toBeLessThanOrEqual(0.6);
  });
});
