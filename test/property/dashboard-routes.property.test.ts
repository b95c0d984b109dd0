// The dashboard server's routing on random request paths, sent byte for byte over a raw socket
// (no client-side normalization): `..` and `%2e%2e` segments, encoded and back slashes, NUL, bad
// escapes, hidden names, symbolic links, very long paths. Never a 5xx, and never a byte of a file
// outside the served roots (the UI folder and the run directories).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary, StudySummary } from '../../src/dashboard/api.js';
import { type Dashboard, startDashboard } from '../../src/dashboard/server.js';
import { makeStudy } from '../dashboard/fixtures.js';
import { getJson } from '../dashboard/http.js';
import { FUZZ_TIMEOUT, fuzzParams } from './runs.js';

/** Written only into files the server must never send. */
const SECRET = 'SECRET-7f3a9c-not-for-the-page';

let dash: Dashboard;
let runId: string;
let studyId: string;
const statuses = new Map<number, number>();

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'descent-routes-fuzz-'));
  const run = join(root, 'runs', 'r1');
  mkdirSync(run, { recursive: true });
  const start = { type: 'start', time: '', name: 'r1', config: {}, parameters: 1, trainSize: 1, valSize: 0, testSize: 0, stepsPerEpoch: 1, backend: 'cpu' };
  writeFileSync(join(run, 'metrics.jsonl'), `${JSON.stringify(start)}\n${JSON.stringify({ type: 'iteration', step: 1, t: 1, loss: 1, lr: 0.1 })}\n`);
  writeFileSync(join(run, 'config.json'), '{"epochs": 1}');
  mkdirSync(join(run, 'sub'));
  writeFileSync(join(run, 'sub', 'notes.txt'), 'inside');
  // Outside the roots, hidden inside them, or reached through a link that leaves them.
  writeFileSync(join(root, 'secret.txt'), SECRET);
  writeFileSync(join(root, 'runs', 'secret.txt'), SECRET);
  writeFileSync(join(run, '.secret'), SECRET);
  symlinkSync(join(root, 'secret.txt'), join(run, 'link.txt'));
  symlinkSync(root, join(run, 'up'));
  await makeStudy(join(root, 'runs', 'search', 'study.db'));
  const ui = join(root, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(ui, 'app.js'), 'void 0;');
  symlinkSync(join(root, 'secret.txt'), join(ui, 'link.js'));
  dash = await startDashboard({ paths: [join(root, 'runs')], port: 0, pollMs: 60_000, uiDir: ui });
  runId = (await getJson<RunSummary[]>(dash.port, '/api/runs'))[0]!.id;
  studyId = (await getJson<StudySummary[]>(dash.port, '/api/studies'))[0]!.id;
}, 60_000);

afterAll(async () => {
  await dash.close();
});

/** Sends `GET target HTTP/1.1` as raw bytes; resolves with the status and the whole reply. */
function rawGet(port: number, target: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      const text = Buffer.concat(chunks).toString('latin1');
      ok({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    };
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      // The event stream never ends by itself: its headers are the answer.
      if (Buffer.concat(chunks).includes('text/event-stream')) socket.destroy();
    });
    socket.on('close', done);
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : fail(e)));
    socket.write(Buffer.concat([Buffer.from('GET '), target, Buffer.from(` HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)]));
  });
}

const SEGMENTS = [
  '..', '.', '%2e%2e', '%2E%2e', '%2e', '.%2e', '%2e.', '...', '%252e%252e', '%c0%ae%c0%ae', '%u002e',
  'secret.txt', '.secret', '%2esecret', 'link.txt', 'link.js', 'up', 'sub', 'notes.txt', 'config.json', 'metrics.jsonl',
  'index.html', 'app.js', 'files', 'api', 'runs', 'studies', 'weights', 'etc', 'passwd', '', '%00', '%', '%zz', '%2f', '%5c',
  '%2F..', '..%2f', '..%5c', '%E2%80%AE', '\u00e9', '~', 'con', 'a:b',
];
const segment = fc.oneof(
  { arbitrary: fc.constantFrom(...SEGMENTS), weight: 6 },
  { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 4 }), weight: 1 },
);
const separator = fc.constantFrom('/', '/', '/', '//', '\\', '%2f', '%5c', '\0');

/** A request target: a route prefix, then segments joined by separators, then maybe a query. */
const anyTarget = fc
  .tuple(
    fc.constantFrom('/', '/files/RUN/', '/files/RUN', '/files/000000000000/', '/api/runs/RUN/', '/api/runs/', '/api/studies/', '/api/studies/STUDY', '/api/', '//', '', '/index.html/', '/api/runs/RUN?points=', '/files/RUN/sub/'),
    fc.array(fc.tuple(segment, separator), { maxLength: 6 }),
    fc.option(fc.oneof(fc.constantFrom('?points=1e400', '?points=-1', '?points=NaN', '?', '?%00', '#frag'), fc.string({ maxLength: 10 }).map((s) => `?${s}`))),
    fc.oneof({ arbitrary: fc.constant(0), weight: 9 }, { arbitrary: fc.integer({ min: 1_000, max: 20_000 }), weight: 1 }),
  )
  .map(([prefix, parts, query, long]) => {
    let path = prefix.replace('RUN', runId).replace('STUDY', studyId) + parts.map(([s, sep]) => s + sep).join('');
    if (long > 0) path += '../'.repeat(Math.ceil(long / 3)).slice(0, long);
    return path + (query ?? '');
  });

/** Aimed at the secret files: 0-4 parent steps (plain, encoded, mixed), then a secret's name. */
const traversal = fc
  .tuple(
    fc.constantFrom('/files/RUN/', '/files/RUN/sub/', '/', '/files/RUN//'),
    fc.array(fc.tuple(fc.constantFrom('..', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '%2e%2E'), fc.constantFrom('/', '%2f', '%2F', '%5c', '\\', '//', '/./')), { maxLength: 4 }),
    fc.constantFrom('', 'runs/', 'up/', 'r1/', 'sub/../'),
    fc.constantFrom('secret.txt', '%73ecret.txt', '.secret', '%2esecret', 'link.txt', 'link.js', 'up/secret.txt'),
  )
  .map(([prefix, ups, dir, name]) => prefix.replace('RUN', runId) + ups.map(([u, sep]) => u + sep).join('') + dir + name);

const target = fc.oneof(anyTarget, traversal);

/** The request line must stay one line: a CR or LF would start a second request. */
const bytes = (path: string) => Buffer.from(path.replace(/[\r\n]/g, ''), 'utf8');

describe('dashboard routing on random request paths', () => {
  it('never answers 5xx and never sends a file from outside the served roots', async () => {
    await fc.assert(
      fc.asyncProperty(target, async (path) => {
        const reply = await rawGet(dash.port, bytes(path));
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        expect(reply.status, path).toBeGreaterThanOrEqual(200);
        expect(reply.status, path).toBeLessThan(500);
        expect(reply.text.includes(SECRET), path).toBe(false);
      }),
      fuzzParams(2),
    );
    // The generator reaches the served files as well as the refusals.
    if ((fuzzParams().numRuns ?? 0) >= 100) expect([...statuses.keys()]).toEqual(expect.arrayContaining([200, 403, 404]));
  }, FUZZ_TIMEOUT);

  it('the tricky cases by hand: served inside, refused outside, no 5xx', async () => {
    const cases: [string, number][] = [
      [`/files/${runId}/config.json`, 200],
      [`/files/${runId}/sub/notes.txt`, 200],
      // Links that lead out of the served folder: missing, as far as the client can tell.
      [`/files/${runId}/link.txt`, 404],
      [`/files/${runId}/up/secret.txt`, 404],
      [`/files/${runId}/.secret`, 403],
      [`/files/${runId}/../secret.txt`, 403],
      [`/files/${runId}/%2e%2e/secret.txt`, 403],
      [`/files/${runId}/..%2fsecret.txt`, 403],
      [`/files/${runId}/%00`, 403],
      [`/files/${runId}/%`, 403],
      ['/link.js', 404],
      ['/app.js', 200],
      [`/${'a/'.repeat(3000)}`, 404],
    ];
    for (const [path, status] of cases) {
      const reply = await rawGet(dash.port, bytes(path));
      expect(reply.status, path).toBe(status);
      expect(reply.text.includes(SECRET), path).toBe(false);
    }
    // Raw bytes Node's HTTP parser refuses come back as its 400 (bad request line) or 431 (header
    // too large), not a crash.
    const statuses: number[] = [];
    for (const raw of [Buffer.from('/a\0b'), Buffer.from('/a b'), Buffer.from([0x2f, 0xff, 0xfe]), Buffer.from(`/${'x'.repeat(20_000)}`)]) {
      statuses.push((await rawGet(dash.port, raw)).status);
    }
    expect(statuses).toEqual([400, 400, 400, 431]);
  }, 30_000);
});
