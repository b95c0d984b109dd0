// A search over a convnet's filters and kernel sizes (examples/search-digits-cnn.json, on a copy of
// its base cut to 2 epochs): every trial trains, each with the filters and kernel it drew, and
// best.json is a config that trains the best trial's convnet.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO, ROOT, tempDir, writeJson } from './helpers.js';

describe('descent search over conv filters and kernel sizes', () => {
  it('runs examples/search-digits-cnn.json\'s space: 3 complete trials, best.json holds the best trial\'s conv layer', async () => {
    const dir = tempDir('search-cnn');
    const base = JSON.parse(readFileSync(join(ROOT, 'examples', 'digits-cnn.json'), 'utf8')) as Record<string, unknown>;
    writeJson(dir, 'digits-cnn.json', { ...base, epochs: 2 });
    const spec = JSON.parse(readFileSync(join(ROOT, 'examples', 'search-digits-cnn.json'), 'utf8')) as Record<string, unknown>;
    const file = writeJson(dir, 'spec.json', { ...spec, pruner: 'none' });
    const io = captureIO(dir);
    const code = await main(['search', file, '--trials', '3', '--storage', join(dir, 'study.db'), '--out', join(dir, 'out'), '--json'], io);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(io.stdout.trim().split('\n').at(-1)!) as {
      trials: { number: number; state: string; value: number; params: Record<string, unknown> }[];
      best: { number: number; value: number; params: Record<string, unknown> };
    };
    expect(result.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete']);
    for (const t of result.trials) {
      expect([4, 8, 16, 32]).toContain(t.params['model.0.filters']);
      expect([3, 5]).toContain(t.params['model.0.kernel']);
      expect(t.value).toBeGreaterThan(0.5);
    }
    const best = JSON.parse(readFileSync(join(dir, 'out', 'best.json'), 'utf8')) as { model: Record<string, unknown>[] };
    expect(best.model[0]).toEqual({
      type: 'conv2d', filters: result.best.params['model.0.filters'], kernel: result.best.params['model.0.kernel'], padding: 'same',
    });
  }, 120_000);
});
