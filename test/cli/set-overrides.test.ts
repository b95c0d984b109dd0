// `descent train CONFIG --set FIELD=VALUE`: values typed as JSON (else a string), validated by the
// config schema with the override named, refused with --resume, and recorded in the run's config.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { applyOverrides, parseOverride } from '../../src/cli/set-overrides.js';
import { captureIO, example, tempDir, writeJson } from '../e2e/helpers.js';

const dir = tempDir('set-overrides');
// A small, fast run: 2 epochs of the spiral example.
writeJson(dir, 'cfg.json', example('spiral.json', { epochs: 2, optimizer: 'sgd' }));

async function run(...argv: string[]) {
  const io = captureIO(dir);
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('parseOverride', () => {
  it('types a value as JSON when it parses, else keeps the text', () => {
    expect(parseOverride('epochs=5')).toEqual({ field: 'epochs', path: ['epochs'], value: 5 });
    expect(parseOverride('optimizer.lr=0.01').value).toBe(0.01);
    expect(parseOverride('model.0.units=7').path).toEqual(['model', '0', 'units']);
    expect(parseOverride('optimizer=adam').value).toBe('adam');
    expect(parseOverride('epochs="5"').value).toBe('5');
    expect(parseOverride('data.preprocess=["standardize"]').value).toEqual(['standardize']);
    expect(parseOverride('name=a=b').value).toBe('a=b');
  });

  it('refuses a flag without = and a path into the prototype', () => {
    expect(() => parseOverride('epochs')).toThrow(/--set expects FIELD=VALUE/);
    expect(() => parseOverride('a..b=1')).toThrow(/empty part/);
    expect(() => parseOverride('__proto__.x=1')).toThrow(/not a config field/);
  });
});

describe('applyOverrides', () => {
  it('replaces nested fields and array items, leaving the input untouched', () => {
    const config = { epochs: 3, optimizer: { type: 'sgd', lr: 1 }, model: [{ type: 'linear', units: 4 }, 'relu'] };
    const out = applyOverrides(config, [parseOverride('optimizer.lr=0.5'), parseOverride('model.0.units=9')]);
    expect(out).toEqual({ epochs: 3, optimizer: { type: 'sgd', lr: 0.5 }, model: [{ type: 'linear', units: 9 }, 'relu'] });
    expect(config.optimizer.lr).toBe(1);
  });

  it('expands a shorthand string on the way, as the file would be read', () => {
    expect(applyOverrides({ optimizer: 'adam' }, [parseOverride('optimizer.lr=0.01')])).toEqual({ optimizer: { type: 'adam', lr: 0.01 } });
  });

  it('refuses a path through a number', () => {
    expect(() => applyOverrides({ epochs: 3 }, [parseOverride('epochs.x=1')])).toThrow("'epochs' is 3, not an object");
  });
});

describe('descent train --set', () => {
  it('trains with the overrides and records them in config.json', async () => {
    const r = await run('train', 'cfg.json', '--set', 'epochs=3', '--set', 'optimizer.lr=0.01', '--set', 'name=overridden', '--json', '--out', 'run');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { epochs: number }).epochs).toBe(3);
    const recorded = JSON.parse(readFileSync(join(dir, 'run', 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(recorded['epochs']).toBe(3);
    expect(recorded['optimizer']).toEqual({ type: 'sgd', lr: 0.01 });
    expect(recorded['name']).toBe('overridden');
  });

  it('a wrong type exits 2 naming the file, the --set and the field', async () => {
    const r = await run('train', 'cfg.json', '--set', 'epochs="five"', '--out', 'bad');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^descent: \S*cfg\.json \(--set epochs\): epochs: .*"five"/);
    expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
  });

  it('a nested wrong value names its field', async () => {
    const r = await run('train', 'cfg.json', '--set', 'optimizer.lr=-1', '--out', 'bad2');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cfg\.json \(--set optimizer\.lr\): optimizer\.lr: /);
  });

  it('a misspelt field is an unknown field with a suggestion', async () => {
    const r = await run('train', 'cfg.json', '--set', 'epoch=5', '--out', 'bad3');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("(--set epoch): epoch: unknown field 'epoch' (did you mean 'epochs'?)");
  });

  it('is refused with --resume', async () => {
    const r = await run('train', '--resume', 'run', '--set', 'epochs=4');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--set does not apply to --resume');
  });
});
