// Opening a study file while another process writes to it (as a second `descent search` started on
// the same file does): switching the file to WAL needs an exclusive lock, and SQLite answers
// SQLITE_BUSY at once, without its busy handler, while another connection holds a write transaction
// (CI once failed one of two processes with "database is locked"). The storage must wait it out.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/search/node/storage/open-database.js';
import { SqliteStorage } from '../../src/search/node/storage/sqlite-storage.js';

const holder = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures', 'hold-sqlite-write.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dir = mkdtempSync(join(tmpdir(), 'descent-open-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteStorage opened while another process writes the file', () => {
  it('waits for the writer instead of failing with "database is locked", and leaves the file in WAL mode with its schema', async () => {
    const file = join(dir, 'study.db');
    const child = spawn(process.execPath, ['--import', tsx, holder, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('HOLDING') && resolve()));
    const storage = new SqliteStorage(file, { busyTimeoutMs: 10_000 });
    expect(await storage.getTrials('default').catch((e: Error) => e.message)).toMatch(/no study named "default"/);
    await storage.close();
    expect(await exited).toBe(0);
    const db = openDatabase(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  }, 60_000);
});
