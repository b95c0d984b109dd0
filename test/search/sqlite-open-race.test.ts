// Eight processes opening one new study file at the same moment (as `descent search` started on
// several terminals at once does): each must open it. Switching the file to WAL can meet
// SQLITE_BUSY without SQLite's busy handler, which once failed one of two processes in CI
// ("database is locked").
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/search/node/storage/open-database.js';
import { SqliteStorage } from '../../src/search/node/storage/sqlite-storage.js';

const opener = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures', 'open-study.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dir = mkdtempSync(join(tmpdir(), 'descent-open-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function open(file: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', tsx, opener, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('SqliteStorage opened by many processes at once', () => {
  it('every one of 8 processes opens the same new file, and the file ends in WAL mode with its schema', async () => {
    const file = join(dir, 'study.db');
    const results = await Promise.all(Array.from({ length: 8 }, () => open(file)));
    expect(results.map((r) => r.out)).toEqual(Array(8).fill(''));
    expect(results.map((r) => r.code)).toEqual(Array(8).fill(0));
    const db = openDatabase(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const storage = new SqliteStorage(file);
    expect(await storage.getTrials('default').catch((e: Error) => e.message)).toMatch(/no study named "default"/);
    await storage.close();
  }, 60_000);
});
