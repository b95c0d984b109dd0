// The wasm backend on 2 threads in Chromium: served with COOP/COEP (cross-origin isolated), the page's
// loadWasmBackend({ threads: 2 }) starts a Web Worker on a shared memory, computes a split product
// bitwise as 1 thread does, and trains the notes' spiral net to >= 97% with info.threads === 2; served
// plainly (no SharedArrayBuffer) it runs on 1 thread after exactly one console warning. Where
// /usr/bin/chromium is absent the suite is skipped, except under CI=true, where it fails instead.
import { copyFileSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, inCi, serveDir } from '../helpers/static-server.js';
import { bundleBrowser } from '../../tools/browser/bundle-browser.js';




interface PageResults {
  readonly error?: string;
  readonly isolated: boolean;
  readonly threads: number;
  readonly bitwise: boolean;
  readonly status: string;
  readonly trainAccuracy: number;
  readonly backend: string;
}

describe('Chromium is there when CI needs it (wasm threads)', () => {
  it.runIf(inCi)('has /usr/bin/chromium under CI=true (.ci/run installs it)', () => {
    expect(hasChromium).toBe(true);
  });
});

describe.skipIf(!hasChromium)(`wasm threads in Chromium${hasChromium ? '' : ' (skipped: /usr/bin/chromium is absent)'}`, () => {
  let browser: Browser;
  let site: string;
  const servers: Server[] = [];

  beforeAll(async () => {
    site = mkdtempSync(join(tmpdir(), 'descent-threads-page-'));
    await bundleBrowser(join(site, 'descent.js'));
    for (const f of ['threads.html', 'threads-page.js']) copyFileSync(resolve(import.meta.dirname, 'page', f), join(site, f));
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) s.close();
  });

  async function runPage(isolated: boolean): Promise<{ results: PageResults; warnings: string[]; errors: string[] }> {
    const { server, url } = await serveDir(site, { isolated, index: 'threads.html' });
    servers.push(server);
    const page = await browser.newPage();
    const warnings: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(url);
    const results = await page.evaluate(() => (window as unknown as { results: Promise<PageResults> }).results);
    await page.close();
    return { results, warnings, errors };
  }

  it('cross-origin isolated: 2 threads, a split product bitwise as 1 thread, the spiral net to >= 97%', async () => {
    const { results, warnings, errors } = await runPage(true);
    expect(results.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(results.isolated).toBe(true);
    expect(results.threads).toBe(2);
    expect(results.bitwise).toBe(true);
    expect(results.status).toBe('finished');
    // The notes' two-layer net: >= 97% training accuracy for seed 1 (test/e2e/spiral.test.ts).
    expect(results.trainAccuracy).toBeGreaterThanOrEqual(0.97);
  }, 240_000);

  it('not isolated: 1 thread after exactly one console warning naming COOP/COEP, and still trains', async () => {
    const { results, warnings, errors } = await runPage(false);
    expect(results.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(results.isolated).toBe(false);
    expect(results.threads).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/runs on 1 thread, not 2: .*Cross-Origin-Opener-Policy: same-origin/);
    expect(results.bitwise).toBe(true);
    expect(results.trainAccuracy).toBeGreaterThanOrEqual(0.97);
  }, 240_000);
});
