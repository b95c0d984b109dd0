// The single-file browser build: src/browser.ts (the core, with the wasm kernels inlined) bundled by
// esbuild into one ES module a page loads with <script type="module">. The build fails when any
// Node built-in or Node-only module would be pulled in, so the file never needs shims.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

/** What bundleBrowser wrote. */
export interface BrowserBundle {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Every source file in the bundle, relative to the project root. */
  readonly inputs: readonly string[];
}

const NODE_ONLY = /(^node:)|(\/node\/)|(backend\/native)|(src\/cli\/)|(src\/dashboard\/)|(better-sqlite3)|(cli-progress)/;

/**
 * Bundles the browser entry into `file` (written to a temp file, then renamed).
 * @throws Error listing the Node-only modules the bundle would contain.
 */
export async function bundleBrowser(file: string, options: { minify?: boolean } = {}): Promise<BrowserBundle> {
  const result = await esbuild.build({
    entryPoints: [join(import.meta.dirname, '..', '..', 'src', 'browser.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: options.minify ?? true,
    // Error classes name themselves after their constructor (errors.ts): keep the names minifying would drop.
    keepNames: true,
    metafile: true,
    write: false,
    legalComments: 'eof',
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const bad = inputs.filter((f) => NODE_ONLY.test(f));
  if (bad.length > 0) throw new Error(`the browser bundle would pull in Node-only modules: ${bad.join(', ')}`);
  const code = result.outputFiles[0]!.contents;
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, code);
  renameSync(tmp, file);
  return { file, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, inputs };
}
