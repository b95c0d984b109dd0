// Writing output files so that a reader never sees a half-written one: write a temp file in the
// same folder, fsync it, rename it over the target (atomic on POSIX), then fsync the folder so the
// rename itself survives a crash.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DataError } from '../../errors.js';
import { makeFolders } from './make-folders.js';

let counter = 0;

/**
 * Atomically replaces `file` with `contents`; the previous file stays intact until the new one is
 * complete on disk.
 * @throws DataError naming the file when it cannot be written.
 * @example atomicWriteFile('runs/a/curves.svg', svg);
 */
export function atomicWriteFile(file: string, contents: string | Uint8Array): void {
  // rename(2) would fail on a folder only after the temp file is written, with a message about
  // the temp name; say what is wrong with the path the user gave instead.
  if (isFolder(file)) throw new DataError('is a folder; expected the path of a file to write', { file });
  const dir = dirname(file);
  // Same folder, so the rename stays on one file system; pid + counter keep concurrent writers apart.
  const temp = join(dir, `.${basename(file)}.${process.pid}.${counter++}.tmp`);
  let fd: number | undefined;
  try {
    makeFolders(dir);
    fd = openSync(temp, 'wx');
    const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      rmSync(temp, { force: true });
    } catch {
      // The temp file was never created (its folder could not be); nothing to clean up.
    }
    throw new DataError(`cannot write the file: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  syncDirectory(dir);
}

function isFolder(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    // A parent that is a file (ENOTDIR): the write below reports it.
    return false;
  }
}

function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // NOTE: some platforms (Windows) cannot fsync a folder; the file itself is already on disk.
  }
}
