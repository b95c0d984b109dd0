// `npm run screenshots`: bundles the playground into dist/playground, serves it with `descent
// playground`'s server and saves the pictures the docs show, in Chromium (playwright-core):
//   docs/images/playground-main.png       the case study trained to its last epoch, 1280x720
//   docs/images/playground-gradcheck.png  its gradient check, 1280x720
//   docs/images/playground-phone.png      the case study at 97% on a phone-width screen, 390x844
//   docs/images/dashboard.png             `descent dashboard` over two tiny runs (tools/screenshot-dashboard.ts)
// Each picture waits for the numbers it shows (data-metric values, result rows), never for a time.
// `tsx tools/screenshots.ts [OUT_DIR]`; CHROMIUM=path overrides /usr/bin/chromium.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startPlayground } from '../src/cli/playground-server.js';
import { bundlePlayground } from '../src/playground/bundle.js';
import { screenshotDashboard } from './screenshot-dashboard.js';

const outDir = resolve(process.argv[2] ?? 'docs/images');
const site = resolve('dist/playground');
await bundlePlayground(site);
mkdirSync(outDir, { recursive: true });
const server = await startPlayground({ dir: site, port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** Waits until the figure `name` shows a number of at least `min`. */
async function atLeast(page: Page, name: string, min: number, timeout = 600_000): Promise<void> {
  await page.waitForFunction(([metric, bound]) => {
    const text = document.querySelector(`[data-metric="${metric}"]`)?.textContent?.trim() ?? '';
    return text !== '' && Number(text) >= Number(bound);
  }, [name, min] as const, { timeout, polling: 200 });
}

/** Resolves after two animation frames: the last snapshot drawn. */
const painted = (page: Page) => page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));

async function caseStudy(page: Page): Promise<void> {
  await page.goto(server.url);
  await page.locator('#play').waitFor({ state: 'visible' });
  await page.locator('#case-study').click();
  await page.locator('#play').click();
}

try {
  const main = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await caseStudy(main);
  // Trained to the end: the case study's last epoch, and play has switched itself off.
  await atLeast(main, 'trainAccuracy', 0.97);
  await main.waitForFunction(() => document.querySelector('#play')?.getAttribute('aria-pressed') === 'false', undefined, { timeout: 600_000, polling: 200 });
  await painted(main);
  await main.screenshot({ path: join(outDir, 'playground-main.png') });
  console.log(`saved ${join(outDir, 'playground-main.png')} at epoch ${await main.locator('[data-metric="epoch"]').first().textContent()}`);

  await main.locator('#gradcheck').click();
  await main.locator('#gradcheck-results [data-tensor]').first().waitFor({ state: 'attached', timeout: 120_000 });
  await main.locator('#gradcheck-results').scrollIntoViewIfNeeded();
  await painted(main);
  await main.screenshot({ path: join(outDir, 'playground-gradcheck.png') });
  console.log(`saved ${join(outDir, 'playground-gradcheck.png')}`);
  await main.close();

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await caseStudy(phone);
  await atLeast(phone, 'trainAccuracy', 0.97);
  await phone.locator('#play').click();
  await phone.waitForFunction(() => document.querySelector('#play')?.getAttribute('aria-pressed') === 'false', undefined, { polling: 200 });
  // The picture, below the controls on a narrow screen, is what a phone user scrolls to.
  await phone.locator('#boundary').scrollIntoViewIfNeeded();
  await painted(phone);
  await phone.screenshot({ path: join(outDir, 'playground-phone.png') });
  console.log(`saved ${join(outDir, 'playground-phone.png')}`);
  console.log(`saved ${await screenshotDashboard(outDir)}`);
} finally {
  await browser.close();
  await server.close();
}
