// The line between the core (any JavaScript engine) and Node: the lint rule refuses Node imports and
// globals in the core and allows them in node/ folders, and an esbuild browser bundle of an app that
// imports from 'descent' contains no Node built-in and no Node-only module.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

async function lintAs(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the lint rule on the platform line', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", 'no-restricted-imports'],
    ["import { join } from 'path';\nexport const f = join;\n", 'no-restricted-imports'],
    ["import Database from 'better-sqlite3';\nexport const f = Database;\n", 'no-restricted-imports'],
    ["import { readCsv } from '../data/node/read-csv.js';\nexport const f = readCsv;\n", 'no-restricted-imports'],
    ['export const pid = process.pid;\n', 'no-restricted-globals'],
    ["export const b = Buffer.from('x');\n", 'no-restricted-globals'],
  ])('refuses %j in the core (src/train/)', async (code, rule) => {
    const messages = await lintAs('src/train/probe.ts', code);
    expect(messages.some((m) => m.startsWith(rule))).toBe(true);
  });

  it('allows the same in a node/ folder', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\nexport const pid = process.pid;\n";
    expect(await lintAs('src/train/node/probe.ts', code)).toEqual([]);
  });

  it('still enforces the layer order inside node/ folders', async () => {
    const messages = await lintAs('src/data/node/probe.ts', "import { fit } from '../../train/fit.js';\nexport const f = fit;\n");
    expect(messages.some((m) => m.includes('higher layer'))).toBe(true);
  });
});

describe("an app bundled for the browser with import from 'descent'", () => {
  it('resolves the browser condition and pulls in no Node built-in or Node-only module', async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, { browser?: { default?: string } }>;
    };
    // The browser condition names the build of src/browser.ts (tsconfig.build.json: src -> dist).
    expect(manifest.exports['.']!.browser!.default).toBe('./dist/browser.js');
    const dir = mkdtempSync(join(tmpdir(), 'descent-bundle-'));
    mkdirSync(join(dir, 'src'));
    const app = join(dir, 'src', 'app.ts');
    writeFileSync(app, [
      "import { spiral, sequential, linear, relu, Rng, fit, adam, gradcheck, lossByName, parseTrainConfig, parseCsv } from 'descent';",
      'export { spiral, sequential, linear, relu, Rng, fit, adam, gradcheck, lossByName, parseTrainConfig, parseCsv };',
    ].join('\n'));
    // 'descent' maps to the source of the browser entry, so the test bundles today's code, not an old dist/.
    const result = await esbuild.build({
      entryPoints: [app], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent',
      alias: { descent: join(ROOT, 'src', 'browser.ts') },
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((f) => f.endsWith('src/browser.ts'))).toBe(true);
    const nodeOnly = inputs.filter((f) => /^node:|\/node\/|backend\/native|src\/cli\/|src\/dashboard\/|better-sqlite3|cli-progress|csv-parse\/lib\//.test(f));
    expect(nodeOnly).toEqual([]);
    const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(imports.filter((p) => p.startsWith('node:'))).toEqual([]);
  });
});
