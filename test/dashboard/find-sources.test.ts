// findSources: what the dashboard serves when pointed at folders, files and study databases.
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { findSources } from '../../src/dashboard/find-sources.js';
import { makeStudy, tempDir } from './fixtures.js';

describe('findSources', () => {
  it('finds run directories and study files one and two levels down, and leaves other databases alone', async () => {
    const root = realpathSync(tempDir('find'));
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
    expect(found.runs.map((r) => r.path.slice(root.length + 1)).sort()).toEqual(['a', 'b', 'search/trial-0']);
    // Labels start with the given folder's name, never with the absolute path above it.
    const name = basename(root);
    expect(found.runs.map((r) => r.label).sort()).toEqual([`${name}/a`, `${name}/b`, `${name}/search/trial-0`]);
    expect(found.studies).toEqual([{ path: join(root, 'search', 'study.db'), root, label: `${name}/search/study.db` }]);
    expect(readFileSync(join(root, 'other.db'))).toEqual(before);
    expect(findSources([join(root, 'a', 'metrics.jsonl')]).runs).toEqual([{ path: join(root, 'a'), root: join(root, 'a'), label: 'a' }]);
    expect(findSources([join(root, 'a')]).runs).toEqual([{ path: join(root, 'a'), root: join(root, 'a'), label: 'a' }]);
  });
});
