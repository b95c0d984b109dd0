// The playground in a real browser (Debian's Chromium through playwright-core), driven through its
// controls the way a person would: clicks, fills, option choices and file inputs, never the page's
// internals. The page is bundled from today's sources (bundlePlayground, what tools/build-playground
// writes to dist/playground) and served by `descent playground`'s server (cross-origin isolated), by
// a plain static server under a sub-path (relative URLs), and, when dist is built, by the CLI itself.
// Where /usr/bin/chromium is absent the suite is skipped, except under CI=true, where it fails.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground, type PlaygroundServer } from '../../src/cli/playground-server.js';
import { parseCsv } from '../../src/data/csv.js';
import { bundlePlayground } from '../../src/playground/bundle.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';
const REPO = resolve(import.meta.dirname, '../..');
const CLI = join(REPO, 'dist/cli/main.js');
const run = promisify(execFile);

/** The notes' case study as a config: what #case-study sets (spiral 3 x 100, 100 ReLU units, softmax, L2 1e-3, SGD lr 1, full batch). */
const CASE_STUDY = {
  seed: 1,
  data: { source: { type: 'spiral', classes: 3, pointsPerClass: 100, noise: 0.2 } },
  model: [{ type: 'linear', units: 100, init: 'small' }, 'relu', { type: 'linear', units: 3, init: 'small' }],
  loss: 'softmaxCrossEntropy',
  regularization: { l2: 1e-3 },
  optimizer: { type: 'sgd', lr: 1 },
  epochs: 10000,
  batchSize: 300,
};

/** A config that names every control a config can carry, each with a value unlike the case study's. */
const EVERY_CONTROL = {
  seed: 7,
  data: { source: { type: 'spiral', classes: 4, pointsPerClass: 50, noise: 0.1, features: ['x2', 'sin'] }, validation: 0.25, preprocess: ['standardize'] },
  model: [
    { type: 'linear', units: 16, init: 'xavier' }, 'batchNorm', 'tanh', { type: 'dropout', rate: 0.1 },
    { type: 'linear', units: 8, init: 'xavier' }, 'elu',
    { type: 'linear', units: 4, init: 'xavier' },
  ],
  loss: 'svm',
  regularization: { l2: 5e-4, l1: 1e-4, maxNorm: 3 },
  optimizer: { type: 'adam', lr: 0.003 },
  schedule: { type: 'cosine', T: 200 },
  epochs: 200,
  batchSize: 32,
};

const hashOf = (config: unknown) => `#config=${encodeURIComponent(JSON.stringify(config))}`;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' };

/** A plain static server of `root` with no special headers: what any static host does. */
function serveStatic(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split(/[?#]/)[0]!);
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    if (path.includes('..') || !existsSync(file)) return void res.writeHead(404).end();
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    done({ server, origin: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}` });
  }));
}

describe('Chromium is there when CI needs it', () => {
  it.runIf(inCi)('has /usr/bin/chromium under CI=true (.ci/run installs it)', () => {
    expect(hasChromium).toBe(true);
  });
});

describe.skipIf(!hasChromium)(`the playground in Chromium${hasChromium ? '' : ' (skipped: /usr/bin/chromium is absent)'}`, () => {
  let browser: Browser;
  let site: string;
  let root: string;
  let playground: PlaygroundServer;
  let plain: { server: Server; origin: string };
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'descent-playground-site-'));
    site = join(root, 'some', 'path');
    mkdirSync(site, { recursive: true });
    await bundlePlayground(site);
    playground = await startPlayground({ dir: site, port: 0 });
    plain = await serveStatic(root);
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await playground?.close();
    plain?.server.close();
    for (const c of children) c.kill('SIGINT');
  });

  /** Opens `url` and collects what must not happen: console errors and warnings, page errors, failed or foreign requests. */
  async function open(url: string, viewport = { width: 1280, height: 720 }): Promise<{ page: Page; problems: string[]; foreign: string[] }> {
    const page = await browser.newPage({ viewport, acceptDownloads: true });
    const problems: string[] = [];
    const foreign: string[] = [];
    const origin = new URL(url).origin;
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()} (${m.location().url})`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.protocol !== 'data:' && u.protocol !== 'blob:' && u.origin !== origin) foreign.push(r.url());
    });
    await page.goto(url);
    await page.locator('#play').waitFor({ state: 'visible' });
    await page.locator('[data-metric="step"]').first().waitFor({ state: 'attached' });
    return { page, problems, foreign };
  }

  /** The number a live figure shows. */
  async function metric(page: Page, name: string): Promise<number> {
    const text = (await page.locator(`[data-metric="${name}"]`).first().textContent()) ?? '';
    return text.trim() === '' ? Number.NaN : Number(text);
  }

  /** Resolves after `n` animation frames of the page: waiting on the page's own clock, not a timer of ours. */
  const frames = (page: Page, n: number) => page.evaluate((count) => new Promise<void>((done) => {
    let left = count;
    const tick = () => (--left <= 0 ? done() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);

  const playing = async (page: Page) => (await page.locator('#play').getAttribute('aria-pressed')) === 'true';

  it('loads from descent playground with no console error, cross-origin isolated, requesting nothing outside its origin', async () => {
    const { page, problems, foreign } = await open(playground.url);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.locator('#step').click();
    await expect.poll(() => metric(page, 'step'), { timeout: 30_000 }).toBe(1);
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('loads as a static site from a sub-path with no console error and nothing outside its origin', async () => {
    const { page, problems, foreign } = await open(`${plain.origin}/some/path/`);
    await page.locator('#step').click();
    await expect.poll(() => metric(page, 'step'), { timeout: 30_000 }).toBe(1);
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('loads from the built package: node dist/cli/main.js playground --port 0', async () => {
    // `npm run build` writes dist/playground; without it the CLI says so and this test fails.
    const child = spawn(process.execPath, [CLI, 'playground', '--port', '0'], { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const url = await new Promise<string>((ok, fail) => {
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /Playground: (http:\/\/\S+)/.exec(out);
        if (m !== null) ok(m[1]!);
      });
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('exit', (code) => fail(new Error(`descent playground exited ${code}: ${err}`)));
    });
    const { page, problems, foreign } = await open(url);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
    const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
    child.kill('SIGINT');
    // Ctrl-C stops it cleanly: exit code 0.
    expect(await exited).toBe(0);
  }, 60_000);

  it.each(['cpu', 'wasm'])('the case study, set and started through its buttons, reaches 97%% training accuracy on %s; frames per second reported', async (backend) => {
    const { page, problems } = await open(playground.url);
    await page.locator('#case-study').click();
    await page.locator('#backend').selectOption(backend);
    await page.evaluate(() => {
      const w = window as unknown as { frameCount: number };
      w.frameCount = 0;
      const count = () => { w.frameCount++; requestAnimationFrame(count); };
      requestAnimationFrame(count);
    });
    const t0 = Date.now();
    await page.locator('#play').click();
    await expect.poll(() => metric(page, 'trainAccuracy'), { timeout: 240_000, interval: 250 }).toBeGreaterThanOrEqual(0.97);
    const seconds = (Date.now() - t0) / 1000;
    const shown = await page.evaluate(() => (window as unknown as { frameCount: number }).frameCount);
    const steps = await metric(page, 'step');
    console.log(`playground benchmark (${backend}): case study to 97% in ${steps} steps, ${seconds.toFixed(1)} s, ${(steps / seconds).toFixed(0)} steps/s, ${(shown / seconds).toFixed(1)} frames/s`);
    // No message: in particular not "the wasm backend did not load … training on the TypeScript backend".
    expect((await page.locator('#message').textContent())?.trim()).toBe('');
    // The notes' lr 1 is at the edge of stability for full-batch descent on this data: the loss
    // spikes near epoch 2100-2200 (float32 and float64 alike) and the trainer rightly says so.
    // Before then the run is a good one with nothing to warn of; how far past 97% the page got
    // before this poll saw it depends on the machine's load, so only the warnings up to epoch 2000
    // are deterministic.
    const early = await page.locator('#warnings li').evaluateAll((items) =>
      items.filter((li) => Number((li as HTMLElement).dataset['epoch']) <= 2000).map((li) => li.textContent));
    expect(early).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('Play pressed in the same moment as a switch to wasm still trains (the worker handles messages in order)', async () => {
    const { page, problems } = await open(playground.url);
    // Both in one task of the page: 'play' reaches the worker while its 'init' still waits for the wasm module.
    await page.evaluate(() => {
      const select = document.querySelector<HTMLSelectElement>('#backend')!;
      select.value = 'wasm';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      document.querySelector<HTMLButtonElement>('#play')!.click();
    });
    await expect.poll(() => metric(page, 'step'), { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(10);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('a learning rate of 10 gets the trainer\'s warning in the page, naming the rate', async () => {
    const { page, problems } = await open(`${playground.url}${hashOf({ ...CASE_STUDY, optimizer: { type: 'sgd', lr: 10 } })}`);
    await page.locator('#play').click();
    await expect.poll(() => page.locator('#warnings li').allTextContents(), { timeout: 60_000, interval: 100 })
      .toContainEqual(expect.stringMatching(/^learning rate 10 looks too high: /));
    // Changing the setup starts a new run with a clean list.
    await page.locator('#case-study').click();
    await expect.poll(() => page.locator('#warnings li').count(), { timeout: 10_000 }).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('with no hidden layer (linear softmax) the case study stays at 40-62%', async () => {
    const { page, problems } = await open(playground.url);
    await page.locator('#case-study').click();
    const rows = page.locator('#layers .units');
    while ((await rows.count()) > 0) {
      const before = await rows.count();
      await page.locator('#remove-layer').click();
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(before - 1);
    }
    await page.locator('#play').click();
    // A linear classifier on the spiral has settled long before 1000 full-batch steps at lr 1.
    await expect.poll(() => metric(page, 'epoch'), { timeout: 180_000, interval: 250 }).toBeGreaterThanOrEqual(1000);
    await page.locator('#play').click();
    await expect.poll(() => playing(page), { timeout: 10_000 }).toBe(false);
    const accuracy = await metric(page, 'trainAccuracy');
    expect(accuracy).toBeGreaterThanOrEqual(0.4);
    expect(accuracy).toBeLessThanOrEqual(0.62);
    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);

  it('a config in the URL hash sets every control it names, and Export config gives back the same JSON', async () => {
    const { page, problems } = await open(`${playground.url}${hashOf(EVERY_CONTROL)}`);
    const value = (selector: string) => page.locator(selector).inputValue();
    expect(await value('#dataset')).toBe('spiral');
    expect(Number(await value('#classes'))).toBe(4);
    expect(Number(await value('#noise'))).toBe(0.1);
    expect(Number(await value('#points'))).toBe(200);
    expect(Number(await value('#split'))).toBe(0.25);
    expect(Number(await value('#seed'))).toBe(7);
    expect(await value('#preprocess')).toBe('standardize');
    expect(await page.locator('#features #feature-x2').isChecked()).toBe(true);
    expect(await page.locator('#features #feature-xy').isChecked()).toBe(false);
    expect(await page.locator('#features #feature-sin').isChecked()).toBe(true);
    expect(await page.locator('#layers .units').count()).toBe(2);
    expect(Number(await page.locator('#layers .units').nth(0).inputValue())).toBe(16);
    expect(await page.locator('#layers .activation').nth(0).inputValue()).toBe('tanh');
    expect(await page.locator('#layers .batchnorm').nth(0).isChecked()).toBe(true);
    expect(Number(await page.locator('#layers .dropout').nth(0).inputValue())).toBe(0.1);
    expect(Number(await page.locator('#layers .units').nth(1).inputValue())).toBe(8);
    expect(await page.locator('#layers .activation').nth(1).inputValue()).toBe('elu');
    expect(await page.locator('#layers .batchnorm').nth(1).isChecked()).toBe(false);
    expect(Number(await page.locator('#layers .dropout').nth(1).inputValue())).toBe(0);
    expect(await value('#init')).toBe('xavier');
    expect(await value('#loss')).toBe('svm');
    expect(Number(await value('#l1'))).toBe(1e-4);
    expect(Number(await value('#l2'))).toBe(5e-4);
    expect(Number(await value('#maxnorm'))).toBe(3);
    expect(await value('#optimizer')).toBe('adam');
    expect(Number(await page.locator('#lr-value').textContent())).toBeCloseTo(0.003, 12);
    expect(await value('#schedule')).toBe('cosine');
    expect(Number(await value('#batch-size'))).toBe(32);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-config').click()]);
    expect(download.suggestedFilename()).toBe('config.json');
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as unknown;
    expect(exported).toEqual(EVERY_CONTROL);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('descent train on the exported config gives the same final training accuracy as the page, to 1e-6, and the exported model predicts as the CLI model does', async () => {
    const config = { ...CASE_STUDY, epochs: 300 };
    const { page, problems } = await open(`${playground.url}${hashOf(config)}`);
    await page.locator('#backend').selectOption('cpu');
    await page.locator('#play').click();
    // The run ends by itself at its last epoch: play turns off, and the page shows the final weights
    // evaluated on the whole training set, the figure `descent train` prints at its end.
    await expect.poll(() => metric(page, 'epoch'), { timeout: 120_000, interval: 250 }).toBe(300);
    await expect.poll(() => playing(page), { timeout: 30_000 }).toBe(false);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-config').click()]);
    const dir = mkdtempSync(join(tmpdir(), 'descent-playground-train-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, readFileSync(await download.path()));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(config);
    // The page trains on the TypeScript backend (#backend cpu): so does this run.
    const { stdout } = await run(process.execPath, [CLI, 'train', file, '--json', '--out', join(dir, 'run')], {
      cwd: dir, env: { ...process.env, DESCENT_BACKEND: 'cpu' },
    });
    const summary = JSON.parse(stdout) as { epochs: number; trainAccuracy: number; runDir: string };
    expect(summary.epochs).toBe(300);
    // Polled: the final figures may be drawn a frame after play turns off.
    await expect.poll(async () => Math.abs((await metric(page, 'trainAccuracy')) - summary.trainAccuracy), { timeout: 10_000 }).toBeLessThanOrEqual(1e-6);
    expect(await metric(page, 'epoch')).toBe(300);
    // Export model gives the file descent predict reads, holding the weights the CLI trained: both
    // models classify a 12 x 12 grid over the data the same way.
    const [modelDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#export-model').click()]);
    expect(modelDownload.suggestedFilename()).toBe('model.json');
    const pageModel = join(dir, 'page-model.json');
    writeFileSync(pageModel, readFileSync(await modelDownload.path()));
    const grid = Array.from({ length: 144 }, (_, i) => `${(i % 12) / 5.5 - 1},${Math.floor(i / 12) / 5.5 - 1},0`);
    writeFileSync(join(dir, 'grid.csv'), `x,y,label\n${grid.join('\n')}\n`);
    const predict = async (model: string) => {
      const out = await run(process.execPath, [CLI, 'predict', model, 'grid.csv', '--label', 'label', '--json'], { cwd: dir, env: { ...process.env, DESCENT_BACKEND: 'cpu' } });
      return (JSON.parse(out.stdout) as { predictions: number[] }).predictions;
    };
    const fromPage = await predict(pageModel);
    expect(fromPage).toHaveLength(144);
    expect(new Set(fromPage).size).toBeGreaterThan(1);
    expect(fromPage).toEqual(await predict(join(summary.runDir, 'model.json')));
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);

  it('the gradient check calls every tensor fine on a tanh net, and reports kinks, not failures, on ReLU nets', async () => {
    const { page, problems } = await open(playground.url);
    await page.locator('#case-study').click();
    const results = page.locator('#gradcheck-results [data-tensor]');
    const read = () => results.evaluateAll((rows) => rows.map((r) => ({ tensor: r.getAttribute('data-tensor'), verdict: r.getAttribute('data-verdict'), text: r.textContent })));
    // The case study's ReLU net: nothing is called a failure (a tensor with nothing to compare may be
    // 'inconclusive', which is no failure either).
    await page.locator('#gradcheck').click();
    await expect.poll(() => results.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const relu = await read();
    expect(relu.filter((r) => r.verdict === 'fail'), JSON.stringify(relu)).toEqual([]);
    expect(relu.every((r) => ['fine', 'kink', 'inconclusive'].includes(r.verdict ?? '')), JSON.stringify(relu)).toBe(true);
    // The same net with tanh: smooth everywhere, every tensor fine.
    await page.locator('#layers .activation').first().selectOption('tanh');
    await page.locator('#gradcheck').click();
    await expect.poll(async () => {
      const rows = await read();
      return rows.length > 0 && rows.map((r) => r.text).join() !== relu.map((r) => r.text).join();
    }, { timeout: 60_000 }).toBe(true);
    const tanh = await read();
    expect(tanh.map((r) => r.tensor)).toEqual(expect.arrayContaining(['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias']));
    expect(tanh.filter((r) => r.verdict !== 'fine'), JSON.stringify(tanh)).toEqual([]);
    expect((await page.locator('#gradcheck-results .verdict').textContent())?.trim().length).toBeGreaterThan(0);
    await page.close();
    expect(problems).toEqual([]);
  }, 180_000);

  it('the gradient check reports a kink, not a failure, where a ReLU input sits within the step of 0', async () => {
    // Points within 1e-6 of the origin: every hidden unit's input is within the finite-difference
    // step (1e-5) of relu's kink, so perturbing the first layer's bias crosses it. `descent
    // gradcheck` on this config skips 7 of the 8 bias coordinates as kinks and passes.
    const d = 1e-6;
    const kinked = {
      seed: 1,
      data: { source: { type: 'points', points: [[d, 0, 0], [0, d, 0], [-d, 0, 1], [0, -d, 0], [d, d, 0], [-d, -d, 1]] } },
      model: [{ type: 'linear', units: 8, init: 'he' }, 'relu', { type: 'linear', units: 2, init: 'he' }],
      loss: 'softmaxCrossEntropy',
      optimizer: { type: 'sgd', lr: 0.1 },
      epochs: 10,
      batchSize: 6,
    };
    const { page, problems } = await open(`${playground.url}${hashOf(kinked)}`);
    await page.locator('#gradcheck').click();
    const results = page.locator('#gradcheck-results [data-tensor]');
    await expect.poll(() => results.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const rows = await results.evaluateAll((els) => els.map((r) => ({ tensor: r.getAttribute('data-tensor'), verdict: r.getAttribute('data-verdict') })));
    expect(rows.find((r) => r.tensor === 'layers.0.bias')?.verdict, JSON.stringify(rows)).toBe('kink');
    expect(rows.filter((r) => r.verdict === 'fail'), JSON.stringify(rows)).toEqual([]);
    await page.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it('a CSV with a text cell shows the CLI\'s message in #message, and the page stays alive', async () => {
    const csv = 'x,y,label\n0.1,0.2,0\n0.3,oops,1\n0.5,0.6,1\n';
    const bytes = new TextEncoder().encode(csv);
    // What the CLI says for the same file (its reader, run in Node)...
    let expected = '';
    try {
      parseCsv(bytes, 'bad.csv', { label: 'label' });
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(expected).toContain('bad.csv');
    expect(expected).toContain('line 3');
    // ...and through `descent train` itself.
    const dir = mkdtempSync(join(tmpdir(), 'descent-playground-csv-'));
    writeFileSync(join(dir, 'bad.csv'), csv);
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ ...CASE_STUDY, data: { source: { type: 'csv', path: 'bad.csv', label: 'label' } }, epochs: 1 }));
    const cli = await run(process.execPath, [CLI, 'train', 'c.json'], { cwd: dir }).then(() => '', (e: { stderr: string; code: number }) => `${e.code}: ${e.stderr}`);
    expect(cli).toContain(expected);
    expect(cli.startsWith('2: ')).toBe(true);

    const { page, problems } = await open(playground.url);
    await page.locator('#csv-upload').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bytes) });
    await expect.poll(() => page.locator('#message').textContent(), { timeout: 10_000 }).toContain(expected);
    // Not a dead page: the case study still trains a step.
    await page.locator('#case-study').click();
    await page.locator('#step').click();
    await expect.poll(() => metric(page, 'step'), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    expect(problems.filter((p) => !p.includes('bad.csv'))).toEqual([]);
    await page.close();
  }, 60_000);

  it('pause holds: the step counter does not move after a pause settles, and Step adds exactly one; the click latency while training is reported', async () => {
    const { page, problems } = await open(playground.url);
    await page.locator('#case-study').click();
    await page.locator('#play').click();
    await expect.poll(() => metric(page, 'step'), { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(50);
    // From the browser's timestamp of the click to the first frame painted after the page handled it.
    await page.evaluate(() => {
      const w = window as unknown as { latency: Promise<number> };
      w.latency = new Promise((done) => {
        document.addEventListener('click', (e) => {
          const start = e.timeStamp;
          setTimeout(() => requestAnimationFrame(() => done(performance.now() - start)), 0);
        }, { once: true });
      });
    });
    await page.locator('#play').click();
    const latency = await page.evaluate(() => (window as unknown as { latency: Promise<number> }).latency);
    console.log(`playground benchmark: click on #play while training handled and painted in ${latency.toFixed(1)} ms`);
    await expect.poll(() => playing(page), { timeout: 10_000 }).toBe(false);
    await frames(page, 30);
    const settled = await metric(page, 'step');
    await frames(page, 60);
    expect(await metric(page, 'step')).toBe(settled);
    // One step, then it stays there.
    await page.locator('#step').click();
    await expect.poll(() => metric(page, 'step'), { timeout: 10_000 }).toBe(settled + 1);
    await frames(page, 30);
    expect(await metric(page, 'step')).toBe(settled + 1);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('pause stops training within one step of the click', async () => {
    // Two hidden layers of 256 units on 900 points: a step on the TypeScript backend takes far longer
    // than a snapshot and a frame, so the step on screen at the click is the worker's own (with the
    // case study, 80 steps a second, the screen can trail the worker by a few steps).
    const slow = {
      ...CASE_STUDY,
      data: { source: { type: 'spiral', classes: 3, pointsPerClass: 300, noise: 0.2 } },
      model: [{ type: 'linear', units: 256, init: 'he' }, 'relu', { type: 'linear', units: 256, init: 'he' }, 'relu', { type: 'linear', units: 3, init: 'he' }],
      batchSize: 900,
    };
    const { page, problems } = await open(`${playground.url}${hashOf(slow)}`);
    await page.locator('#backend').selectOption('cpu');
    await page.locator('#play').click();
    await expect.poll(() => metric(page, 'step'), { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(2);
    await page.locator('#play').click();
    const atPause = await metric(page, 'step');
    await expect.poll(() => playing(page), { timeout: 10_000 }).toBe(false);
    // Long enough for the step in flight to end and be drawn.
    await frames(page, 120);
    const settled = await metric(page, 'step');
    expect(settled - atPause).toBeLessThanOrEqual(1);
    await frames(page, 60);
    expect(await metric(page, 'step')).toBe(settled);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('keyboard: s takes one step, space plays and pauses, r resets; keys typed in a field stay text', async () => {
    const { page, problems } = await open(playground.url);
    await page.locator('#case-study').click();
    await page.locator('h1').click();
    await page.keyboard.press('s');
    await expect.poll(() => metric(page, 'step'), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press(' ');
    await expect.poll(() => playing(page), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => metric(page, 'step'), { timeout: 30_000 }).toBeGreaterThan(1);
    await page.keyboard.press(' ');
    await expect.poll(() => playing(page), { timeout: 10_000 }).toBe(false);
    await page.keyboard.press('r');
    await expect.poll(() => metric(page, 'step'), { timeout: 10_000 }).toBe(0);
    // In the seed field, s and r are characters, not shortcuts.
    await page.locator('#seed').focus();
    await page.keyboard.press('s');
    await frames(page, 10);
    expect(await metric(page, 'step')).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('every control has a label and an explanation, at 1280x720 and at phone width', async () => {
    for (const viewport of [{ width: 1280, height: 720 }, { width: 390, height: 844 }]) {
      const { page, problems } = await open(playground.url, viewport);
      const missing = await page.evaluate(() => {
        const out: string[] = [];
        for (const el of Array.from(document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('input, select, button'))) {
          const name = el.id === '' ? `${el.tagName.toLowerCase()}.${el.className}` : `#${el.id}`;
          const labelled = (el.labels?.length ?? 0) > 0 || el.getAttribute('aria-label') !== null || el.getAttribute('aria-labelledby') !== null
            || (el instanceof HTMLButtonElement && (el.textContent ?? '').trim() !== '');
          if (!labelled) out.push(`${name}: no label`);
          const explained = el.title !== '' || el.closest('[title]') !== null;
          if (!explained) out.push(`${name}: no explanation`);
        }
        return out;
      });
      expect(missing, `at ${viewport.width}x${viewport.height}`).toEqual([]);
      // Nothing wider than the screen: no sideways scrolling on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      expect(problems).toEqual([]);
      await page.close();
    }
  }, 60_000);

  it('the doctor runs its checks on the case study with no failure, each with a verdict', async () => {
    const { page, problems } = await open(playground.url);
    await page.locator('#case-study').click();
    await page.locator('#doctor').click();
    const rows = page.locator('#doctor-results [data-check]');
    await expect.poll(() => rows.count(), { timeout: 120_000 }).toBeGreaterThanOrEqual(4);
    const checks = await rows.evaluateAll((els) => els.map((r) => ({ check: r.getAttribute('data-check'), verdict: r.getAttribute('data-verdict') })));
    expect(checks.every((c) => c.verdict === 'pass' || c.verdict === 'warn' || c.verdict === 'fail'), JSON.stringify(checks)).toBe(true);
    // The notes' own setup is healthy: nothing fails (a warning is allowed).
    expect(checks.filter((c) => c.verdict === 'fail'), JSON.stringify(checks)).toEqual([]);
    expect((await page.locator('#doctor-results .verdict').textContent())?.trim().length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);

  it('a config in the hash that the schema refuses shows descent train\'s message, naming the field', async () => {
    const bad = { ...CASE_STUDY, optimizer: { type: 'sgd', lr: -1 } };
    // What descent train says about the same config, after the file's name.
    const dir = mkdtempSync(join(tmpdir(), 'descent-playground-bad-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    const cli = await run(process.execPath, [CLI, 'train', 'bad.json'], { cwd: dir }).then(() => '', (e: { stderr: string }) => e.stderr);
    const expected = cli.slice(cli.indexOf('bad.json: ') + 'bad.json: '.length).trim();
    expect(expected).toContain('optimizer.lr');
    const { page, problems } = await open(`${playground.url}${hashOf(bad)}`);
    await expect.poll(() => page.locator('#message').textContent(), { timeout: 10_000 }).toContain(expected);
    // Still a live page: the case study trains a step.
    await page.locator('#case-study').click();
    await page.locator('#step').click();
    await expect.poll(() => metric(page, 'step'), { timeout: 30_000 }).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
