// The run log on disk: reading metrics.jsonl within the input budget, and appending whole lines only
// (a full disk cuts the torn part off). The record types and the parser are in ../run-log.ts.
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { inputBudget } from '../../data/read-budget.js';
import { readRegularFile } from '../../data/node/read-data-file.js';
import { DataError } from '../../errors.js';
import { parseRunLog, type RunEvent, type RunLog } from '../run-log.js';

/**
 * Reads a run log file (empty when it does not exist yet).
 * @throws DataError naming the file when it is a folder or another non-file, or cannot be read.
 */
export function readRunLog(file: string): RunLog {
  return existsSync(file) ? parseRunLog(readRegularFile(file, inputBudget(), ' the run log').toString('utf8')) : { events: [], problems: [] };
}

/** The calls of node:fs that appending to a run log makes; tests pass one that fails like a full disk. */
export interface RunLogFs {
  openSync(path: string, flags: string): number;
  fstatSync(fd: number): { size: number };
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  ftruncateSync(fd: number, len: number): void;
  closeSync(fd: number): void;
}

const nodeFs: RunLogFs = { openSync, fstatSync, writeSync, ftruncateSync, closeSync };

/** What an append's system error means to the person running descent. */
function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' :
    code === 'EIO' ? 'the disk reported an input/output error' :
    code === 'EACCES' || code === 'EPERM' ? 'permission denied' :
    code === 'EROFS' ? 'the file system is read-only' :
    code === 'EISDIR' ? 'is a folder, not a file' :
    'the write failed';
  return `cannot append to the run log: ${reason} (${error instanceof Error ? error.message : String(error)})`;
}

/**
 * Appends `text` to `file` as one write call; when the write fails part-way (a disk that fills
 * up), the file is cut back to its length before, so no torn line is left behind.
 * @throws DataError naming the file.
 */
function appendWhole(fs: RunLogFs, file: string, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let fd: number;
  try {
    fd = fs.openSync(file, 'a');
  } catch (error) {
    throw new DataError(describeWriteError(error), { file });
  }
  let before: number | undefined;
  try {
    before = fs.fstatSync(fd).size;
    let written = fs.writeSync(fd, bytes, 0, bytes.length);
    // A short count happens only when the disk fills mid-write: the next call then reports why.
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
  } catch (error) {
    if (before !== undefined) {
      try {
        fs.ftruncateSync(fd, before);
      } catch {
        // Cannot cut it back (a device): a resume ends the torn line instead (endTornLine).
      }
    }
    throw new DataError(describeWriteError(error), { file });
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Ends a torn last line (a process killed mid-write) with a newline, so appended records start on a
 * line of their own; nothing is truncated, and readers skip the fragment.
 * @throws DataError naming the file when it cannot be read or appended to.
 */
export function endTornLine(file: string, fs: RunLogFs = nodeFs): void {
  if (!existsSync(file)) return;
  let last: number | undefined;
  try {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size === 0) return;
      const byte = Buffer.alloc(1);
      readSync(fd, byte, 0, 1, size - 1);
      last = byte[0];
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new DataError(`cannot read the run log: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  if (last !== 0x0a) appendWhole(fs, file, '\n');
}

/**
 * Appends events to a run log, buffering iteration records and writing whole lines only (all
 * pending lines in one write call), so a reader sees complete records. Call `flush()` at epoch
 * ends and at the end.
 * @throws DataError naming the file (from write or flush) when the disk is full or the file cannot
 * be written.
 */
export class RunLogWriter {
  private buffer: string[] = [];
  private bufferedChars = 0;

  constructor(
    readonly file: string,
    private readonly fs: RunLogFs = nodeFs,
  ) {}

  write(event: RunEvent): void {
    const line = `${JSON.stringify(event)}\n`;
    this.buffer.push(line);
    this.bufferedChars += line.length;
    if (event.type !== 'iteration' || this.bufferedChars > 1 << 16) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('');
    // Emptied first: after a failed write the run stops, and nothing retries these lines.
    this.buffer = [];
    this.bufferedChars = 0;
    appendWhole(this.fs, this.file, text);
  }
}
