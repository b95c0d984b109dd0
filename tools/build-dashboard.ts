// Bundles the dashboard page (src/dashboard/ui: TypeScript, CSS, uPlot) into dist/dashboard/ui/ so
// the CLI serves it as static files, offline. Run after tsc: `tsx tools/build-dashboard.ts [OUT]`.
import { resolve } from 'node:path';
import { bundleDashboardUi } from '../src/dashboard/bundle-ui.js';

const out = resolve(process.argv[2] ?? 'dist/dashboard/ui');
await bundleDashboardUi(out);
console.log(`dashboard page bundled into ${out}`);
