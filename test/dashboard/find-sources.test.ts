// findSources: what the dashboard serves when pointed at folders, files and study databases.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { findSources } from '../../src/dashboard/find-sources.js';
import { makeStudy, tempDir } from './fixtures.js';

describe('findSources', () => {
  it('finds run directories and study files one and two levels down, and leaves other databases alone', async () => {
    const root = tempDir('find');
    for (const d of ['a', 'b', 'search/trial-0']) {
      mkdirSync(join(root, d), { recursive: true });
      writeFileSync(join(root, d, 'metrics.jsonl'), '');
    }
    mkdirSync(join(root, 'notes'));
    writeFileSync(join(root, 'notes', 'x.txt'), 'x');
    await makeStudy(join(root, 'search', 'study.db'));
    const other = new Database(join(root, 'other.db'));
    other.exec('CREATE TABLE things (x INTEGER)');
    other.close();
    const before = readFileSync(join(root, 'other.db'));
    const found = findSources([root, join(root, 'missing')]);
    expect(found.runs.map((r) => r.slice(root.length + 1)).sort()).toEqual(['a', 'b', 'search/trial-0']);
    expect(found.studies).toEqual([join(root, 'search', 'study.db')]);
    expect(readFileSync(join(root, 'other.db'))).toEqual(before);
    expect(findSources([join(root, 'a', 'metrics.jsonl')]).runs).toEqual([join(root, 'a')]);
  });
});
