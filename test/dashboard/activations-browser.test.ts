// The "Activation maps" card in Debian's Chromium (playwright-core, offline) over the hand-made
// convnet run of conv-run.ts: one canvas per map sent (input 1, conv 2, relu 2, pool 2), the input
// drawn in gray scaled to its own min..max, and prev/next choosing another test image; saves
// test-output/dashboard-activations.png. Skipped, with the reason in its name, where
// /usr/bin/chromium is absent, except under CI=true, where it fails.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleDashboardUi } from '../../src/dashboard/bundle-ui.js';
import { type Dashboard, startDashboard } from '../../src/dashboard/server.js';
import { convConfig, convModel, writeImageCsvs, writeRun } from './conv-run.js';
import { CHROMIUM, openDashboardPage } from './chromium-page.js';
import { tempDir } from './fixtures.js';

const hasChromium = existsSync(CHROMIUM);
const OUT = resolve('test-output');

let dash: Dashboard;
let context: BrowserContext;
let page: Page;
/** Console errors and warnings, and 4xx/5xx answers. */
const complaints: string[] = [];

it.runIf(process.env.CI === 'true')('has /usr/bin/chromium under CI=true', () => {
  expect(hasChromium).toBe(true);
});

describe.skipIf(!hasChromium)(`activation maps in Chromium${hasChromium ? '' : ' (skipped: /usr/bin/chromium is absent)'}`, () => {
  beforeAll(async () => {
    const root = tempDir('activations-browser');
    writeImageCsvs(root);
    writeRun(join(root, 'runs'), 'conv', convConfig(root), convModel());
    const ui = join(root, 'ui');
    await bundleDashboardUi(ui);
    dash = await startDashboard({ paths: [join(root, 'runs')], port: 0, pollMs: 60_000, uiDir: ui });
    ({ context, page } = await openDashboardPage(dash.url, complaints));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await dash?.close();
  });

  const caption = () => page.locator('.activation-caption').innerText();

  it('draws one canvas per map of image 0, the input scaled to its own range', async () => {
    await page.waitForSelector('.activation-layers[data-layers="4"]');
    const grids = page.locator('.activation-grid');
    expect(await grids.evaluateAll((gs) => gs.map((g) => (g as HTMLElement).dataset.maps))).toEqual(['1', '2', '2', '2']);
    expect(await page.locator('.activation-grid canvas').count()).toBe(7);
    expect(await caption()).toContain('of 3 (test data): label 0, predicted 0');
    // Image 0's input is 1, 2, 0, -1: from -1 (black) to 2 (white), 255 (v + 1) / 3.
    const gray = await page.locator('.activation-grid canvas').first().evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return [0, 1, 2, 3].map((i) => data[4 * i]);
    });
    expect(gray).toEqual([170, 255, 85, 0]);
  });

  it('shows the next image after next, and stays within the images', async () => {
    await page.locator('.image-next').click();
    await expect.poll(caption).toContain('label 0, predicted 1');
    expect(await page.locator('.image-number').inputValue()).toBe('1');
    await page.locator('.image-number').fill('7');
    await page.locator('.image-number').dispatchEvent('change');
    // Clamped to the last image (2): label 1, predicted 0.
    await expect.poll(caption).toContain('label 1, predicted 0');
    expect(await page.locator('.image-number').inputValue()).toBe('2');
    expect(complaints).toEqual([]);
    mkdirSync(OUT, { recursive: true });
    await page.locator('.activations').screenshot({ path: join(OUT, 'dashboard-activations.png') });
  });
});
