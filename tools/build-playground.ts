// Bundles the playground page (src/playground: TypeScript, CSS, the browser library and its Worker)
// into dist/playground/, a static site that works from any host and that `descent playground`
// serves. Run after tsc: `tsx tools/build-playground.ts [OUT]`. The folder is emptied first so it
// holds only the bundle (tsc may have compiled src/playground's modules into it).
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundlePlayground } from '../src/playground/bundle.js';
import { isBuiltPlayground, PLAYGROUND_FILES } from '../src/cli/playground-server.js';

const out = resolve(process.argv[2] ?? 'dist/playground');
rmSync(out, { recursive: true, force: true });
await bundlePlayground(out);
if (!isBuiltPlayground(out)) throw new Error(`bundlePlayground left ${out} without ${PLAYGROUND_FILES.join(', ')}`);
console.log(`playground bundled into ${out}`);
