// One worker of bench/search-storage/run.ts: opens the study, prints READY, waits for a line on stdin,
// then runs its share of the study's trials on a trivial objective.
import { createInterface } from 'node:readline';
import { search } from '../../src/search/node/search.js';
import { uniform } from '../../src/search/space.js';
import { openStorage } from '../../src/search/node/storage/open-storage.js';

const [location, trials, method] = process.argv.slice(2) as [string, string, string];
const storage = openStorage(location);
await storage.listStudies();
process.stdout.write('READY\n');
await new Promise<void>((resolve) => {
  const lines = createInterface({ input: process.stdin });
  lines.once('line', () => {
    lines.close();
    resolve();
  });
});
const result = await search({
  space: { x: uniform(0, 1), y: uniform(0, 1) },
  storage,
  trials: Number(trials),
  method: method as 'random' | 'tpe',
  seed: 1,
  pollMs: 5,
  objective: (p) => ((p.x as number) - 0.3) ** 2 + ((p.y as number) - 0.6) ** 2,
});
await storage.close();
process.stdout.write(`${JSON.stringify({ finished: result.finished })}\n`);
