// The dashboard's picture for the docs: trains a tiny digits run twice with `descent train` (the
// same name, so the list shows how reruns are told apart) in a temporary folder, serves it with
// `descent dashboard`'s server and saves docs/images/dashboard.png (1400x1000) in Chromium
// (playwright-core). It waits for every chart to hold data and to have drawn its tick labels (the
// charts' data-points and data-ticks-y attributes), never for a time, and fails if the page logged
// an error or warning or got a 4xx/5xx answer.
// `tsx tools/screenshot-dashboard.ts [OUT_DIR]` (also run by `npm run screenshots`); CHROMIUM=path
// overrides /usr/bin/chromium.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startDashboard } from '../src/dashboard/server.js';

/** A 3-epoch digits run with a cosine learning rate, so the lr chart has a curve to show. */
const CONFIG = {
  name: 'digits-cosine',
  seed: 3,
  data: { source: 'digits', validation: 0.2, preprocess: ['standardize'] },
  model: [{ type: 'linear', units: 32, init: 'he' }, 'relu', { type: 'linear', units: 10 }],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'adam', lr: 0.003 },
  schedule: { type: 'cosine', T: 3, min: 0.1 },
  epochs: 3,
  batchSize: 64,
};

/** The charts the runs view draws; each must have points and y tick labels before the picture. */
const CHARTS = ['loss', 'accuracy', 'lr', 'ratios', 'dead'];

/** Runs `descent train` from the sources in `cwd`; it writes runs/<name>-<time>/ there. */
function train(cwd: string, config: string): void {
  const tsx = resolve('node_modules/.bin/tsx');
  const r = spawnSync(tsx, [resolve('src/cli/main.ts'), 'train', config, '--quiet'], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`descent train failed (exit ${r.status}):\n${r.stderr}`);
}

export async function screenshotDashboard(outDir: string): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), 'descent-dashboard-shot-'));
  const file = join(outDir, 'dashboard.png');
  try {
    const config = join(work, 'digits-cosine.json');
    writeFileSync(config, JSON.stringify(CONFIG, null, 2));
    train(work, config);
    train(work, config);
    mkdirSync(outDir, { recursive: true });
    const dash = await startDashboard({ paths: [join(work, 'runs')], port: 0 });
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const complaints: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') complaints.push(`console ${m.type()}: ${m.text()}`); });
      page.on('response', (r) => { if (r.status() >= 400) complaints.push(`${r.status()} ${r.url()}`); });
      await page.goto(dash.url);
      await page.waitForFunction((names) => names.every((n) => {
        const card = document.querySelector<HTMLElement>(`[data-chart="${n}"]`);
        return Number(card?.dataset.points ?? 0) > 0 && card?.dataset.ticksY !== undefined;
      }), CHARTS, { timeout: 60_000, polling: 100 });
      await page.locator('.weight-grid canvas').first().waitFor({ state: 'visible', timeout: 60_000 });
      // Two animation frames: the last setData drawn.
      await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
      await page.screenshot({ path: file });
      if (complaints.length > 0) throw new Error(`the dashboard page complained:\n${complaints.join('\n')}`);
    } finally {
      await browser.close();
      await dash.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return file;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  console.log(`saved ${await screenshotDashboard(resolve(process.argv[2] ?? 'docs/images'))}`);
}
