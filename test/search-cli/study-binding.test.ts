// A study is bound to its own objective, output folder and base config: two specs writing into
// one --out folder never load each other's objective, a second study is refused from a folder that
// holds another's best.json, and a base config changed between resumes is refused (naming what
// changed) unless --allow-changed-base.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadSearchSpec } from '../../src/config/node/search-spec.js';
import { searchFromSpec } from '../../src/config/node/search-run.js';
import { SqliteStorage } from '../../src/search/node/storage/sqlite-storage.js';
import { captureIO, ROOT, tempDir, writeJson } from './helpers.js';

const BASE = {
  seed: 1,
  data: { source: 'digits', validation: 0.2 },
  model: [{ type: 'linear', units: 8 }, 'relu', { type: 'linear', units: 10 }],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'sgd', lr: 0.1 },
  epochs: 1,
};

function specIn(dir: string, name: string, objective: string, base = 'base.json'): string {
  return writeJson(dir, name, { base, space: { 'optimizer.lr': { logUniform: [0.01, 0.5] } }, method: 'random', objective, trials: 2 });
}

describe('a study bound to its objective and output folder', () => {
  it('gives each spec its own objective module, so a worker never loads another study\'s', async () => {
    const dir = tempDir('bind');
    writeJson(dir, 'base.json', BASE);
    const out = join(dir, 'out');
    const a = await searchFromSpec(loadSearchSpec(specIn(dir, 'a.json', 'valAccuracy')), { parallel: 1, outDir: out, storage: join(dir, 'a.sqlite') });
    // The second study may not use the first one's folder (its best.json would be replaced) ...
    await expect(
      searchFromSpec(loadSearchSpec(specIn(dir, 'b.json', 'trainLoss')), { parallel: 1, outDir: out, storage: join(dir, 'b.sqlite') }),
    ).rejects.toThrow(/out: the search output folder belongs to study "a" in .*a\.sqlite, not "b"/);
    // ... and with its own folder it records its own metric: a loss, not an accuracy in [0, 1].
    const b = await searchFromSpec(loadSearchSpec(specIn(dir, 'b.json', 'trainLoss')), { parallel: 1, outDir: join(dir, 'out-b'), storage: join(dir, 'b.sqlite') });
    const aValues = a.result.trials.map((t) => t.value!);
    const bTrials = b.result.trials.map((t) => [t.value!, t.attrs] as const);
    expect(aValues.every((v) => v >= 0 && v <= 1)).toBe(true);
    for (const [value] of bTrials) expect(value).toBeGreaterThan(0);
    // The modules differ and each names its own metric.
    const moduleOf = (d: string) => readFileSync(join(d, readdirSync(d).find((f) => f.startsWith('objective-'))!), 'utf8');
    expect(moduleOf(out)).toContain('valAccuracy');
    expect(moduleOf(join(dir, 'out-b'))).toContain('trainLoss');
  });

  it('refuses to resume a study whose base config changed, naming the fields, unless --allow-changed-base', async () => {
    const dir = tempDir('base-changed');
    writeJson(dir, 'base.json', BASE);
    const spec = specIn(dir, 'spec.json', 'valAccuracy');
    const io = captureIO(ROOT);
    expect(await main(['search', spec, '--parallel', '1', '--json'], io), io.stderr).toBe(0);
    writeJson(dir, 'base.json', { ...BASE, epochs: 2, optimizer: { type: 'sgd', lr: 0.2 } });
    const again = captureIO(ROOT);
    expect(await main(['search', spec, '--parallel', '1', '--trials', '3', '--json'], again)).toBe(2);
    expect(again.stderr).toMatch(/spec\.json: base: .*base\.json changed since study "spec" began \(changed: optimizer\.lr, epochs\); its 2 trial\(s\)/);
    expect(again.stderr).toContain('--allow-changed-base');
    const allowed = captureIO(ROOT);
    expect(await main(['search', spec, '--parallel', '1', '--trials', '3', '--allow-changed-base', '--json'], allowed), allowed.stderr).toBe(0);
    const storage = new SqliteStorage(join(dir, 'spec.study.sqlite'));
    try {
      expect((await storage.getTrials('spec')).length).toBe(3);
      expect((await storage.getStudyAttrs('spec')).base).toMatchObject({ epochs: 2 });
    } finally {
      await storage.close();
    }
    // The base as it was when the study was resumed knowingly is the one remembered now.
    writeFileSync(join(dir, 'base.json'), JSON.stringify({ ...BASE, epochs: 2, optimizer: { type: 'sgd', lr: 0.2 } }));
    expect(await main(['search', spec, '--parallel', '1', '--trials', '3', '--json'], captureIO(ROOT))).toBe(0);
  });
});
