// examples/spiral.json exactly as written (10,000 full-batch epochs of SGD lr 1, l2 1e-3) through
// `descent train`, on the backend the CLI picks when DESCENT_BACKEND is unset: the native addon.
// The CS231n case study reports about 98% training accuracy for this 2-layer net; 97% is the bar
// issue 5 sets. Skipped where the addon does not load: the TypeScript backend takes ~45 s for it,
// and test/e2e/spiral.test.ts covers the same net in 3,200 epochs there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/cli/backend-choice.js';
import { main } from '../../src/cli/main.js';
import { captureIO, ROOT, tempDir } from './helpers.js';

const native = chooseBackend({});
const file = join(ROOT, 'examples', 'spiral.json');

describe('examples/spiral.json as written', () => {
  it.skipIf(native.kind !== 'native')(
    `trains 10,000 epochs on the native backend to >= 97% training accuracy${native.kind === 'native' ? '' : ` (skipped: ${native.fallbackReason ?? 'the native addon is unavailable'})`}`,
    async () => {
      const written = JSON.parse(readFileSync(file, 'utf8')) as { epochs: number };
      expect(written.epochs).toBe(10_000);
      const dir = tempDir('spiral-written');
      const io = captureIO(dir); // env {}: DESCENT_BACKEND unset
      const code = await main(['train', file, '--json', '--out', 'run'], io);
      expect(code, io.stderr).toBe(0);
      const summary = JSON.parse(io.stdout) as { status: string; epochs: number; trainAccuracy: number; backend: string };
      expect(summary.backend).toMatch(/^native/);
      expect(summary.status).toBe('finished');
      expect(summary.epochs).toBe(10_000);
      expect(summary.trainAccuracy).toBeGreaterThanOrEqual(0.97);
    },
    300_000, // ~7 s on the native backend; the margin is for a machine shared with other work
  );
});
