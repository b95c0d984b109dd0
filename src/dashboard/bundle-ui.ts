// Bundling the page (TypeScript + CSS under ui/) into static files with esbuild. The published
// package ships the bundle in dist/dashboard/ui/; this runs at build time, and from a source
// checkout when no bundle exists yet (esbuild is a devDependency, so it is imported lazily).
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding the page's sources (or, in dist/, the built bundle). */
export const UI_DIR = fileURLToPath(new URL('./ui/', import.meta.url));

/** Whether `dir` holds a built page (index.html, app.js, app.css). */
export function isBuiltUi(dir: string): boolean {
  return ['index.html', 'app.js', 'app.css'].every((f) => existsSync(join(dir, f)));
}

/**
 * Bundles ui/main.ts (with its CSS and uPlot) into `outDir`: index.html, app.js, app.css. No CDN:
 * everything the page needs is in those three files.
 * @param options.minify default true.
 * @example await bundleDashboardUi('dist/dashboard/ui');
 */
export async function bundleDashboardUi(outDir: string, options: { minify?: boolean; srcDir?: string } = {}): Promise<void> {
  const srcDir = options.srcDir ?? UI_DIR;
  const esbuild = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: { app: join(srcDir, 'main.ts') },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    outdir: outDir,
    minify: options.minify ?? true,
    sourcemap: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  copyFileSync(join(srcDir, 'index.html'), join(outDir, 'index.html'));
}
