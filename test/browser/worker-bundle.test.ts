// The documented route for bundler users: a worker module that only imports 'descent' must keep the
// worker scope's side effect (it serves trainInWorker's messages), or the page's trainInWorker with
// that `workerUrl` would wait forever. esbuild, minifying and tree-shaking, bundles such a file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PROTOCOL } from '../../src/config/worker/protocol.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe("a worker module that is just import 'descent'", () => {
  it('keeps the code that answers trainInWorker in a dedicated worker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'descent-worker-bundle-'));
    const entry = join(dir, 'training-worker.ts');
    writeFileSync(entry, "import 'descent';\n");
    const result = await esbuild.build({
      entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, minify: true, logLevel: 'silent',
      alias: { descent: join(ROOT, 'src', 'browser.ts') },
    });
    const code = result.outputFiles[0]!.text;
    expect(code).toContain(PROTOCOL);
    expect(code).toContain('DedicatedWorkerGlobalScope');
  }, 60_000);
});
