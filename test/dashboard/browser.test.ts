// The page in a real browser: Debian's Chromium driven by playwright-core, offline. Opens the
// dashboard on a run that is still "training", checks every chart drew the right series, appends
// metrics and watches the charts follow, opens the search view, and saves screenshots under
// test-output/. Skipped, with the reason in its name, where /usr/bin/chromium is absent, except under
// CI=true, where a missing Chromium fails.
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleDashboardUi } from '../../src/dashboard/bundle-ui.js';
import { type Dashboard, startDashboard } from '../../src/dashboard/server.js';
import { makeRun, makeStudy, tempDir } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const OUT = resolve('test-output');
if (!hasChromium) console.warn(`dashboard browser test skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);

let dash: Dashboard;
let context: BrowserContext;
let page: Page;
let liveLog: string;

/** Copies a run directory under a new run name, keeping the log lines `keep` accepts. */
function copyRun(from: string, to: string, name: string, keep: (line: string) => boolean): string {
  cpSync(from, to, { recursive: true });
  const log = join(to, 'metrics.jsonl');
  const lines = readFileSync(log, 'utf8').split('\n').filter((l) => l !== '' && keep(l));
  lines[0] = JSON.stringify({ ...(JSON.parse(lines[0]!) as object), name });
  writeFileSync(log, `${lines.join('\n')}\n`);
  return to;
}

it.runIf(process.env.CI === 'true')('has /usr/bin/chromium under CI=true (.ci/run installs it)', () => {
  expect(hasChromium).toBe(true);
});

const attr = (chart: string, name: 'series' | 'points') =>
  page.locator(`[data-chart="${chart}"]`).getAttribute(`data-${name}`).then(Number);

describe.skipIf(!hasChromium)(`dashboard in Chromium${hasChromium ? '' : ' (skipped: /usr/bin/chromium is absent)'}`, () => {
  beforeAll(async () => {
    const root = tempDir('browser');
    const done = join(root, 'runs', 'digits');
    await makeRun(done);
    await makeStudy(join(root, 'runs', 'search', 'study.db'));
    // The same run "still training" (its log without the end event), and a damaged copy that
    // must show with a warning.
    liveLog = join(copyRun(done, join(root, 'runs', 'live'), 'zz-live', (l) => !l.includes('"type":"end"')), 'metrics.jsonl');
    const broken = copyRun(done, join(root, 'runs', 'broken'), 'broken', () => true);
    appendFileSync(join(broken, 'metrics.jsonl'), 'garbage line\n');
    mkdirSync(OUT, { recursive: true });
    const ui = join(OUT, 'dashboard-ui');
    await bundleDashboardUi(ui);
    dash = await startDashboard({ paths: [join(root, 'runs')], port: 0, pollMs: 100, uiDir: ui });
    context = await chromium.launchPersistentContext(tempDir('chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 1000 },
    });
    page = await context.newPage();
    await page.goto(dash.url);
    await page.waitForSelector('body[data-ready="true"]');
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await dash?.close();
  });

  it('draws every chart of the selected run with the right series', async () => {
    // The newest-named run (zz-live) is selected first.
    await expect.poll(() => attr('loss', 'points')).toBe(2 * 46);
    expect(await attr('loss', 'series')).toBe(2); // raw + smoothed
    expect(await attr('accuracy', 'series')).toBe(2); // train + validation
    expect(await attr('accuracy', 'points')).toBe(4);
    expect(await attr('lr', 'series')).toBe(1);
    expect(await attr('lr', 'points')).toBe(46);
    expect(await attr('ratios', 'series')).toBe(4); // 2 weights + 2 biases
    expect(await attr('ratios', 'points')).toBe(8);
    expect(await attr('dead', 'series')).toBe(1);
    expect(await page.locator('.weight-grid').getAttribute('data-units')).toBe('32');
    expect(await page.locator('.weight-grid canvas').count()).toBe(32);
    expect(await page.locator('canvas').first().isVisible()).toBe(true);
    await expect.poll(() => page.locator('.warning').innerText()).toContain('broken');
    expect(await page.locator('tr[data-run] .pill.running').count()).toBe(1);
  });

  it('follows a run live when metrics are appended', async () => {
    const iterations = [47, 48, 49, 50, 51].map((step) => JSON.stringify({ type: 'iteration', step, t: 2, loss: 0.05, lr: 0.003 }));
    appendFileSync(liveLog, `${iterations.join('\n')}\n`);
    await expect.poll(() => attr('loss', 'points'), { timeout: 10_000 }).toBe(2 * 51);
    const epoch = { type: 'epoch', epoch: 3, step: 51, seconds: 0.5, lr: 0.003, trainLoss: 0.05, trainAccuracy: 0.99, valLoss: 0.1, valAccuracy: 0.97, updateRatios: {}, deadRelu: {} };
    appendFileSync(liveLog, `${JSON.stringify(epoch)}\n`);
    await expect.poll(() => attr('accuracy', 'points'), { timeout: 10_000 }).toBe(6);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(OUT, 'dashboard-runs.png'), fullPage: true });
  });

  it('overlays a second run for comparison', async () => {
    await page.locator('tr[data-run]', { hasText: 'digits-fixture' }).locator('input[type="checkbox"]').click();
    await expect.poll(() => attr('loss', 'series')).toBe(4);
    expect(await attr('accuracy', 'series')).toBe(4);
  });

  it('shows the search view: trials, best so far and one slice per dimension', async () => {
    await page.click('nav a[data-tab="search"]');
    await expect.poll(() => attr('objective', 'series')).toBe(3);
    // 12 complete trials and a best-so-far value after each.
    expect(await attr('objective', 'points')).toBe(24);
    for (const d of ['lr', 'units', 'dropout']) expect(await attr(`slice-${d}`, 'points')).toBe(12);
    expect(await page.locator('.trials-table tbody tr').count()).toBe(12);
    expect(await page.locator('[data-chart="parallel"]').getAttribute('data-lines')).toBe('12');
    expect(await page.locator('[data-chart="parallel"] polyline').count()).toBe(12);
    await page.click('th[data-column="value"]');
    const values = (await page.locator('.trials-table tbody tr td:nth-child(3)').allInnerTexts()).map(Number);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(OUT, 'dashboard-search.png'), fullPage: true });
  });

  it('refuses requests outside the served paths', async () => {
    const statuses = await page.evaluate(async () => {
      const paths = ['/files/000000000000/config.json', '/etc/passwd', '/api/nothing', '/..%2f..%2fetc%2fpasswd'];
      return Promise.all(paths.map(async (p) => (await fetch(p)).status));
    });
    for (const s of statuses) expect([403, 404]).toContain(s);
  });
});
