// The page in a real browser: Debian's Chromium driven by playwright-core, offline. Opens the
// dashboard on a run that is still "training", checks every chart drew the right series, appends
// metrics and watches the charts follow, opens the search view, and saves screenshots under
// test-output/. Skipped, with the reason in its name, where /usr/bin/chromium is absent, except under
// CI=true, where a missing Chromium fails.
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleDashboardUi } from '../../src/dashboard/bundle-ui.js';
import { type Dashboard, startDashboard } from '../../src/dashboard/server.js';
import { CHROMIUM, openDashboardPage } from './chromium-page.js';
import { makeRun, makeStudy, RUN_CONFIG, tempDir } from './fixtures.js';

const hasChromium = existsSync(CHROMIUM);
const OUT = resolve('test-output');
if (!hasChromium) console.warn(`dashboard browser test skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);

let dash: Dashboard;
let context: BrowserContext;
let page: Page;
let liveLog: string;

/**
 * Copies a run directory under a new run name, keeping the log lines `keep` accepts, each passed
 * through `edit` (the start line gets the name and `start`'s fields).
 */
function copyRun(from: string, to: string, name: string, keep: (line: string) => boolean, start: object = {}, edit = (event: Record<string, unknown>) => event): string {
  cpSync(from, to, { recursive: true });
  const log = join(to, 'metrics.jsonl');
  const lines = readFileSync(log, 'utf8').split('\n').filter((l) => l !== '' && keep(l));
  const events = lines.map((l) => edit(JSON.parse(l) as Record<string, unknown>));
  events[0] = { ...events[0], name, ...start };
  writeFileSync(log, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  return to;
}

/** The live run's learning rate: 0.003 falling by 4e-5 a step, to 0.00116 at step 46. */
const decayingLr = (event: Record<string, unknown>) => (event.type === 'iteration' ? { ...event, lr: 0.003 - 4e-5 * (event.step as number) } : event);

/**
 * Tick labels of every axis of every shown uPlot chart (the parallel-coordinates SVG has no ticks,
 * only each axis' two ends), as the charts recorded them, by chart and axis.
 */
const axisLabels = () => page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('[data-chart]'))
  .filter((c) => c.offsetParent !== null && c.querySelector('.uplot') !== null)
  .flatMap((c) => (['ticksX', 'ticksY'] as const).map((k) => ({ axis: `${c.dataset.chart ?? ''} ${k}`, labels: JSON.parse(c.dataset[k] ?? 'null') as string[] | null }))));

/** Labels that repeat within one axis (empty labels mark skipped ticks). */
function repeats(labels: readonly string[]): string[] {
  const shown = labels.filter((l) => l !== '');
  return shown.filter((l, i) => shown.indexOf(l) !== i);
}

/** What the page logged as an error or warning and every 4xx/5xx answer, until the last test. */
const complaints: string[] = [];

it.runIf(process.env.CI === 'true')('has /usr/bin/chromium under CI=true (.ci/run installs it)', () => {
  expect(hasChromium).toBe(true);
});

/** The start time in a run directory's log. */
const firstTime = (dir: string) => (JSON.parse(readFileSync(join(dir, 'metrics.jsonl'), 'utf8').split('\n')[0]!) as { time: string }).time;

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
    liveLog = join(copyRun(done, join(root, 'runs', 'live'), 'zz-live', (l) => !l.includes('"type":"end"'), {}, decayingLr), 'metrics.jsonl');
    // A rerun of the finished run under the same name, started an hour and a second earlier.
    const earlier = new Date(Date.parse(firstTime(done)) - 3_601_000).toISOString();
    copyRun(done, join(root, 'runs', 'again'), RUN_CONFIG.name, () => true, { time: earlier });
    const broken = copyRun(done, join(root, 'runs', 'broken'), 'broken', () => true);
    appendFileSync(join(broken, 'metrics.jsonl'), 'garbage line\n');
    mkdirSync(OUT, { recursive: true });
    const ui = join(OUT, 'dashboard-ui');
    await bundleDashboardUi(ui);
    dash = await startDashboard({ paths: [join(root, 'runs')], port: 0, pollMs: 100, uiDir: ui });
    ({ context, page } = await openDashboardPage(dash.url, complaints));
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

  it('tells apart two runs of the same name by start time and directory', async () => {
    const rows = page.locator('tr[data-run]', { hasText: RUN_CONFIG.name });
    expect(await rows.count()).toBe(2);
    const started = await rows.locator('.run-started').allInnerTexts();
    const dirs = (await rows.locator('.run-dir').allInnerTexts()).sort();
    expect(dirs).toEqual(['runs/again', 'runs/digits']);
    expect(new Set(started).size).toBe(2);
    // Shown as local 'YYYY-MM-DD HH:MM:SS': the two starts are 1 h 0 min 1 s apart.
    for (const t of started) expect(t).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const [a, b] = started.map((t) => Date.parse(t.replace(' ', 'T')));
    expect(Math.abs(a! - b!)).toBe(3_601_000);
  });

  it('labels every axis of every chart with distinct ticks', async () => {
    // The live run's learning rate falls from 0.003 to 0.00116: ticks 0.0005 apart.
    await expect.poll(() => attr('lr', 'points')).toBeGreaterThan(0);
    const axes = await axisLabels();
    expect(axes.length).toBe(10); // 5 charts, x and y
    for (const { axis, labels } of axes) {
      expect(labels, axis).not.toBeNull();
      expect(labels!.filter((l) => l !== '').length, axis).toBeGreaterThan(0);
      expect(repeats(labels!), axis).toEqual([]);
    }
    const lr = axes.find((a) => a.axis === 'lr ticksY')!.labels!;
    expect(lr).toContain('0.0015');
  });

  it('overlays a second run for comparison', async () => {
    await page.locator('tr[data-run]', { hasText: 'runs/digits' }).locator('input[type="checkbox"]').click();
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
    const axes = await axisLabels();
    expect(axes.length).toBeGreaterThan(0);
    for (const { axis, labels } of axes) {
      expect(labels, axis).not.toBeNull();
      expect(repeats(labels!), axis).toEqual([]);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(OUT, 'dashboard-search.png'), fullPage: true });
  });

  it('logged no console error or warning and got no 4xx/5xx answer', () => {
    expect(complaints).toEqual([]);
  });

  it('refuses requests outside the served paths', async () => {
    const statuses = await page.evaluate(async () => {
      const paths = ['/files/000000000000/config.json', '/etc/passwd', '/api/nothing', '/..%2f..%2fetc%2fpasswd'];
      return Promise.all(paths.map(async (p) => (await fetch(p)).status));
    });
    for (const s of statuses) expect([403, 404]).toContain(s);
  });
});
