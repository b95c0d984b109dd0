// Opening the dashboard in headless Chromium for the browser tests: one persistent context and page,
// with every console error or warning and every HTTP status >= 400 recorded in `complaints`.
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { tempDir } from './fixtures.js';

export const CHROMIUM = '/usr/bin/chromium';

/** A Chromium page at `url`; the caller closes `context`. */
export async function openDashboardPage(url: string, complaints: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(tempDir('chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 1000 },
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') complaints.push(`console ${m.type()}: ${m.text()}`); });
  page.on('response', (r) => { if (r.status() >= 400) complaints.push(`${r.status()} ${r.url()}`); });
  await page.goto(url);
  return { context, page };
}
