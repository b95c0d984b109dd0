// Bundling the playground (page, worker, styles) into static files with esbuild: index.html,
// playground.js, worker.js and style.css, all loaded by relative URLs so any static host serves
// them. Runs at build time and from the playground server (esbuild is imported lazily).
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding the page's sources. */
export const PLAYGROUND_DIR = fileURLToPath(new URL('./', import.meta.url));

/**
 * Writes the playground into `outDir`.
 * @param options.minify default true.
 * @example await bundlePlayground('dist/playground');
 */
export async function bundlePlayground(outDir: string, options: { minify?: boolean } = {}): Promise<void> {
  const esbuild = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: {
      playground: join(PLAYGROUND_DIR, 'main.ts'),
      worker: join(PLAYGROUND_DIR, 'worker.ts'),
      style: join(PLAYGROUND_DIR, 'style.css'),
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    outdir: outDir,
    minify: options.minify ?? true,
    // Error classes name themselves after their constructor: keep the names minifying would drop.
    keepNames: true,
    sourcemap: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  copyFileSync(join(PLAYGROUND_DIR, 'index.html'), join(outDir, 'index.html'));
}
