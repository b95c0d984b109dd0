// The browser benchmark: W1 (or, with --workload w4, the W4 convnet) in headless Chromium (/usr/bin/chromium via playwright-core), descent's
// wasm backend on 1 and 2 threads next to TensorFlow.js's wasm backend at the same thread counts, and
// descent's TypeScript backend for reference. Each configuration runs in a fresh page of one
// cross-origin isolated server (COOP/COEP, so threads are allowed); the pages are bundled from today's
// sources with esbuild. Fashion-MNIST's training images are served to the pages when found (DESCENT_DATA,
// --data, or Debian's /usr/share/datasets/fashion-mnist), else the pages make synthetic data of the
// same shape. Never run by `npm test`.
//   npm run bench:browser -- [--workload w1|w4] [--steps 200 (W4: 30)] [--ts-steps 20] [--threads 1,2] [--budget 30] [--synthetic] [--data DIR] [--no-tfjs] [--no-ts]
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { loadFashionMnist } from '../../src/data/node/fashion-mnist.js';
import { W4_FLOPS_PER_SAMPLE } from '../../src/cli/bench/w4-model.js';
import { DataError } from '../../src/errors.js';
import type { RunResult } from './data.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '..', '..');
const TFJS_WASM = join(ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
const STEPS_PER_EPOCH = 60_000 / 128;

const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 'w1' },
    steps: { type: 'string' },
    'ts-steps': { type: 'string', default: '20' },
    threads: { type: 'string', default: '1,2' },
    budget: { type: 'string', default: '30' },
    synthetic: { type: 'boolean' },
    data: { type: 'string' },
    'no-tfjs': { type: 'boolean' },
    'no-ts': { type: 'boolean' },
  },
});
const positive = (name: string, text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench:browser: --${name} expects an integer >= 1, got '${text}'`);
    process.exit(2);
  }
  return n;
};
const WORKLOADS: Record<string, string> = {
  w1: 'W1 784-512-relu-256-relu-10',
  w4: 'W4 1x28x28 conv3x3 32 pad 1-relu-maxpool 2-conv3x3 64 pad 1-relu-maxpool 2-flatten-128-relu-10',
};
const workload = values.workload;
if (WORKLOADS[workload] === undefined) {
  console.error(`bench:browser: --workload expects one of ${Object.keys(WORKLOADS).join(', ')}, got '${workload}'`);
  process.exit(2);
}
const isW4 = workload === 'w4';
// A W4 step costs about ten of W1's; its warm-up is shorter too (the pool and the JIT settle in a
// step or two).
const steps = positive('steps', values.steps ?? (isW4 ? '30' : '200'));
const warmup = isW4 ? { warmup: 5 } : {};
const tsSteps = positive('ts-steps', values['ts-steps']);
const budget = positive('budget', values.budget);
const threadCounts = values.threads.split(',').map((t) => positive('threads', t));

if (!existsSync(CHROMIUM)) {
  console.error(`bench:browser: ${CHROMIUM} is absent (apt-get install chromium)`);
  process.exit(2);
}

/** The four-file search of loadFashionMnist, answered with the training files' paths, or null. */
function fashionMnistFiles(): { images: string; labels: string } | null {
  if (values.synthetic === true) return null;
  const envDir = values.data ?? process.env.DESCENT_DATA;
  try {
    const ds = loadFashionMnist({ split: 'train', ...(envDir === undefined ? {} : { envDir }) });
    // The loader reads the labels from the images' folder, under the same compression.
    const images = ds.source;
    const labels = join(dirname(images), basename(images).replace('train-images-idx3-ubyte', 'train-labels-idx1-ubyte'));
    return { images, labels };
  } catch (error) {
    if (error instanceof DataError) return null;
    throw error;
  }
}

async function buildSite(): Promise<string> {
  const site = mkdtempSync(join(tmpdir(), 'descent-bench-browser-'));
  const common = { bundle: true, platform: 'browser', format: 'esm', target: 'es2022', outdir: site, logLevel: 'warning' } as const;
  // descent's page as tools/browser/bundle-browser.ts builds descent.js (minified, names kept).
  await esbuild.build({ ...common, entryPoints: [join(import.meta.dirname, 'descent-page.ts')], minify: true, keepNames: true });
  // TF.js's threaded wasm build starts its workers from the source text of its own factory function,
  // so neither minifying (renamed outer names) nor keepNames (a __name helper) may touch that text.
  await esbuild.build({ ...common, entryPoints: [join(import.meta.dirname, 'tfjs-page.ts')], minify: false, keepNames: false });
  for (const page of ['descent-page', 'tfjs-page']) {
    writeFileSync(join(site, `${page}.html`), `<!doctype html><meta charset="utf-8"><title>${page}</title><script type="module" src="/${page}.js"></script>\n`);
  }
  return site;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/** A static, cross-origin isolated server: the site, /config.json, /data/<file> and /tfjs/<file>.wasm. */
function serve(site: string, files: { images: string; labels: string } | null): Promise<{ server: Server; url: string }> {
  const routes = new Map<string, string>();
  if (files !== null) {
    routes.set(`/data/${basename(files.images)}`, files.images);
    routes.set(`/data/${basename(files.labels)}`, files.labels);
  }
  const config = JSON.stringify(files === null
    ? { images: null, labels: null }
    : { images: `/data/${basename(files.images)}`, labels: `/data/${basename(files.labels)}` });
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    if (path === '/config.json') {
      res.setHeader('Content-Type', 'application/json');
      res.end(config);
      return;
    }
    const name = path.slice(1);
    const file = routes.get(path) ?? (path.startsWith('/tfjs/') ? join(TFJS_WASM, basename(path)) : join(site, name));
    if (name.includes('..') || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    done({ server, url: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}` });
  }));
}

interface Row extends RunResult {
  readonly label: string;
}

const files = fashionMnistFiles();
console.log(files === null
  ? `data: ${values.synthetic === true ? '--synthetic' : 'Fashion-MNIST not found'}: synthetic data of the same shape (60,000 x 784, 10 classes)`
  : `data: Fashion-MNIST training set from ${files.images}`);
const site = await buildSite();
const { server, url } = await serve(site, files);
const browser = await chromium.launch({
  executablePath: CHROMIUM, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
console.log(`Chromium ${browser.version()}; ${WORKLOADS[workload]}, softmax cross-entropy, Adam 1e-3, batch 128, float32`);
// The figures are only as quiet as the machine: say how busy it was.
const [load] = loadavg();
console.log(`machine: ${availableParallelism()} cores, load average ${load!.toFixed(1)} at the start${load! > availableParallelism() ? ' (busy: figures are noisy)' : ''}`);
console.log(`timed steps after warm-up, seconds per epoch = seconds per step x ${STEPS_PER_EPOCH.toFixed(2)} (60,000 / 128)\n`);

const rows: Row[] = [];
async function measure(label: string, page: string, query: Record<string, string | number>): Promise<Row | null> {
  const tab = await browser.newPage();
  const problems: string[] = [];
  tab.on('pageerror', (e) => problems.push(e.message));
  tab.on('crash', () => problems.push('the page crashed'));
  tab.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  const search = new URLSearchParams(Object.entries({ workload, ...query }).map(([k, v]) => [k, String(v)]));
  await tab.goto(`${url}/${page}.html?${search.toString()}`);
  let r: RunResult | { error: string };
  try {
    r = await tab.evaluate(() => (window as unknown as { results: Promise<RunResult | { error: string }> }).results, undefined);
  } catch (error) {
    r = { error: error instanceof Error ? error.message : String(error) };
  }
  await tab.close();
  if ('error' in r) {
    console.log(`${label.padEnd(30)} failed: ${r.error.split('\n')[0]}${problems.length > 0 ? ` (${problems.join('; ')})` : ''}`);
    return null;
  }
  if (r.cannotTrain !== undefined) {
    const runs = r.threads !== query.threads ? ` [runs ${r.threads} thread(s)]` : '';
    console.log(`${label.padEnd(30)} cannot train: ${r.cannotTrain.split('\n')[0]}${r.detail === undefined ? '' : ` (${r.detail}${runs})`}`);
    rows.push({ ...r, label });
    return null;
  }
  if (r.unavailable !== undefined) {
    console.log(r.library === 'descent' && r.threads > 1
      ? `threads ${r.threads}: unavailable (${r.unavailable})`
      : `${label.padEnd(30)} unavailable (${r.unavailable})`);
    return null;
  }
  const row = { ...r, label };
  rows.push(row);
  const note = (r.detail === undefined ? '' : `, ${r.detail}`) +
    (r.threads !== query.threads ? ` [runs ${r.threads} thread(s)]` : '');
  // W4's rows add the throughput the W4 tables of src/cli/bench report.
  const samplesPerSecond = 128 / r.secondsPerStep;
  const throughput = isW4
    ? ` ${samplesPerSecond.toFixed(0).padStart(6)} samples/s ${((samplesPerSecond * W4_FLOPS_PER_SAMPLE) / 1e9).toFixed(2).padStart(6)} GFLOP/s`
    : '';
  console.log(`${label.padEnd(30)} ${(r.secondsPerStep * 1000).toFixed(2).padStart(8)} ms/step ${(r.secondsPerStep * STEPS_PER_EPOCH).toFixed(2).padStart(7)} s/epoch${throughput}` +
    `  (${r.steps} steps, ${r.backend}${note}, loss ${r.lastLoss.toFixed(3)})`);
  return row;
}

const pairs: { threads: number; descent: Row | null; tfjs: Row | null }[] = [];
try {
  for (const threads of threadCounts) {
    const descent = await measure(`descent wasm, ${threads} thread${threads === 1 ? '' : 's'}`, 'descent-page', { backend: 'wasm', threads, steps, budget, ...warmup });
    const tfjs = values['no-tfjs'] === true ? null
      : await measure(`TF.js wasm, ${threads} thread${threads === 1 ? '' : 's'}`, 'tfjs-page', { threads, steps, budget, warmup: 5 });
    pairs.push({ threads, descent, tfjs });
  }
  if (values['no-ts'] !== true) await measure('descent TypeScript (cpu)', 'descent-page', { backend: 'cpu', threads: 1, steps: tsSteps, warmup: isW4 ? 1 : 2, budget });
} finally {
  await browser.close();
  server.close();
  rmSync(site, { recursive: true, force: true });
}

console.log('');
for (const { threads, descent, tfjs } of pairs) {
  if (descent === null || tfjs === null) continue;
  const ratio = descent.secondsPerStep / tfjs.secondsPerStep;
  console.log(`${threads} thread${threads === 1 ? ': ' : 's:'} descent/TF.js time ratio ${ratio.toFixed(3)} ` +
    `(descent ${ratio <= 1 ? `${(1 / ratio).toFixed(2)}x faster` : `${ratio.toFixed(2)}x slower`}${isW4 ? ')' : '; target <= 0.1, i.e. >= 10x faster)'}`);
}
const one = pairs.find((p) => p.threads === 1)?.descent;
// The 10 s/epoch target is W1's.
if (!isW4 && one !== undefined && one !== null) {
  const epoch = one.secondsPerStep * STEPS_PER_EPOCH;
  console.log(`descent 1 thread: ${epoch.toFixed(2)} s/epoch (target <= 10 s/epoch: ${epoch <= 10 ? 'met' : 'not met'})`);
}
console.log(JSON.stringify({
  bench: `${workload}-browser`, data: files === null ? 'synthetic' : 'fashion-mnist',
  results: rows.map((r) => ({
    config: r.label, library: r.library, backend: r.backend, threads: r.threads, steps: r.steps, secondsPerStep: r.secondsPerStep, secondsPerEpoch: r.secondsPerStep * STEPS_PER_EPOCH, isolated: r.isolated,
    ...(isW4 ? { samplesPerSecond: 128 / r.secondsPerStep, gflops: (128 * W4_FLOPS_PER_SAMPLE) / (r.secondsPerStep * 1e9) } : {}),
    ...(r.cannotTrain === undefined ? {} : { cannotTrain: r.cannotTrain }),
  })),
}));
