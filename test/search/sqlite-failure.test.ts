// A study file whose disk fills during a search: SQLite's SQLITE_FULL, made real here by capping the
// file's page count, must reach the user as a StudyError naming the file (the CLI prints one line and
// exits 2), not as an internal error. A file damaged under an open storage likewise.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../src/search/node/storage/sqlite-storage.js';
import { StudyError } from '../../src/search/search-error.js';

const study = { name: 's', direction: 'maximize' as const, space: {}, createdAt: 1 };

function dbOf(storage: SqliteStorage): Database.Database {
  return (storage as unknown as { db: Database.Database }).db;
}

describe('SQLite failures during a search', () => {
  it('a full disk is a StudyError naming the study file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'descent-full-')), 'study.db');
    const storage = new SqliteStorage(file);
    await storage.openStudy(study);
    const pages = dbOf(storage).pragma('page_count', { simple: true }) as number;
    dbOf(storage).pragma(`max_page_count = ${pages + 2}`);
    const big = 'x'.repeat(1 << 20);
    const error = await storage.setStudyAttr('s', 'big', big).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(StudyError);
    expect((error as StudyError).isUserError).toBe(true);
    expect((error as Error).message).toContain(`study file ${file}: the disk is full (SQLITE_FULL`);
    await storage.close();
  });

  it('a file damaged under an open storage is a StudyError that says so', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'descent-corrupt-')), 'study.db');
    const storage = new SqliteStorage(file);
    await storage.openStudy(study);
    dbOf(storage).pragma('wal_checkpoint(TRUNCATE)');
    // Overwrite every page after the header with garbage, then make SQLite read them again.
    const garbage = Buffer.alloc(64 * 1024, 0xab);
    garbage.write('SQLite format 3\0', 0, 'latin1');
    writeFileSync(file, garbage);
    dbOf(storage).pragma('cache_size = 0');
    const error = await storage.listStudies().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(StudyError);
    expect((error as Error).message).toMatch(new RegExp(`study file ${file}: the study file is damaged`));
  });

  it('other errors pass through unchanged', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'descent-other-')), 'study.db');
    const storage = new SqliteStorage(file);
    const error = await storage.getTrials('no-such-study').then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(StudyError);
    expect((error as Error).message).toContain('no study named');
    await storage.close();
  });
});
