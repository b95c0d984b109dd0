// A data file named in a config that does not exist: the error names the config field and suggests
// a file of a close name in the same folder.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildExperiment } from '../../src/config/node/build-experiment.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { ConfigError } from '../../src/errors.js';
import { captureIO } from '../e2e/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'descent-missing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'iris.csv'), 'a,b,label\n1,2,0\n3,4,1\n');
writeFileSync(join(dir, 'notes.txt'), 'unrelated');

function config(data: Record<string, unknown>): Record<string, unknown> {
  return { data, model: [{ type: 'linear', units: 2 }], loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, epochs: 1 };
}

function buildError(data: Record<string, unknown>): ConfigError {
  const file = join(dir, 'config.json');
  try {
    buildExperiment(parseTrainConfig(config(data), file));
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('a missing data file', () => {
  it('names data.source.path and suggests the close name', () => {
    const e = buildError({ source: { type: 'csv', path: 'irs.csv', label: 'label' } });
    expect(e.path).toBe('data.source.path');
    expect(e.message).toContain(`no such file ${join(dir, 'irs.csv')}`);
    expect(e.message).toContain("did you mean 'iris.csv' in the same folder?");
  });

  it('names data.test.path for the test file', () => {
    const e = buildError({ source: { type: 'csv', path: 'iris.csv', label: 'label' }, test: { type: 'csv', path: 'iris.cvs', label: 'label' } });
    expect(e.path).toBe('data.test.path');
    expect(e.message).toContain("did you mean 'iris.csv'");
  });

  it('suggests nothing when no name is close', () => {
    const e = buildError({ source: { type: 'csv', path: 'measurements.csv', label: 'label' } });
    expect(e.path).toBe('data.source.path');
    expect(e.message).not.toContain('did you mean');
  });

  it('descent train prints one line naming the field and the suggestion, exit 2', async () => {
    writeFileSync(join(dir, 'cli.json'), JSON.stringify(config({ source: { type: 'csv', path: 'irs.csv', label: 'label' } })));
    const io = captureIO(dir);
    const code = await main(['train', 'cli.json', '--out', join(dir, 'run')], io);
    expect(code).toBe(2);
    const lines = io.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('data.source.path');
    expect(lines[0]).toContain("did you mean 'iris.csv'");
  });
});
