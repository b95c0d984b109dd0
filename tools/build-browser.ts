// Writes dist/browser/descent.js, the single-file ES module for a plain <script type="module">, and
// prints its size. Run by `npm run build`: `tsx tools/build-browser.ts [OUT]`.
import { resolve } from 'node:path';
import { bundleBrowser } from './browser/bundle-browser.js';

const out = resolve(process.argv[2] ?? 'dist/browser/descent.js');
const b = await bundleBrowser(out);
console.log(`browser build: ${out}, ${(b.bytes / 1024).toFixed(0)} KiB minified, ${(b.gzipBytes / 1024).toFixed(0)} KiB gzipped`);
