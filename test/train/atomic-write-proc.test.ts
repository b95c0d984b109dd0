// atomicWriteFile into a folder that cannot be made: under /proc, mkdir answers ENOENT in a folder
// that exists, and Node's recursive mkdirSync retries that forever. The write must fail at once with
// a DataError naming the file (the old code hung here: a test that never returns fails the run).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { atomicWriteFile } from '../../src/train/node/atomic-write.js';

describe.runIf(existsSync('/proc/self'))('atomicWriteFile where no folder can be made', () => {
  it('refuses /proc/descent-none/a/model.json with a DataError instead of hanging', () => {
    const file = '/proc/descent-none/a/model.json';
    expect(() => atomicWriteFile(file, '{}')).toThrow(DataError);
    expect(() => atomicWriteFile(file, '{}')).toThrow(/model\.json/);
  }, 10_000);
});
