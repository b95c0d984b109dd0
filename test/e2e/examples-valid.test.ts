// Every config in examples/ passes validation as written (a renamed field or a typo in an example
// would otherwise only show when someone runs it; the Fashion-MNIST ones need data CI may lack).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTrainConfig } from '../../src/config/node/load-config-file.js';
import { loadSearchSpec } from '../../src/config/node/search-spec.js';
import { ROOT } from './helpers.js';

const dir = join(ROOT, 'examples');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('examples/*.json', () => {
  it('holds the configs the README names', () => {
    for (const f of ['spiral.json', 'digits.json', 'digits-everything.json', 'fashion-mnist-mlp.json', 'fashion-mnist-regularized.json']) {
      expect(files).toContain(f);
    }
  });

  it.each(files)('%s validates', (f) => {
    const path = join(dir, f);
    if (f.startsWith('search-') && !f.endsWith('-base.json')) expect(() => loadSearchSpec(path)).not.toThrow();
    else expect(() => loadTrainConfig(path)).not.toThrow();
  });
});
