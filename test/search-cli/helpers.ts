// Helpers of the search command's tests: a capturing IO for main(argv, io), temporary folders, and
// JSON files written into them.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IO } from '../../src/cli/io.js';

/** The repository root (examples/ lives there). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** An IO that records what a command prints. */
export interface CapturedIO extends IO {
  stdout: string;
  stderr: string;
}

/** A capturing IO whose relative paths resolve against `cwd`. */
export function captureIO(cwd: string): CapturedIO {
  const io: CapturedIO = {
    stdout: '',
    stderr: '',
    out: (text) => void (io.stdout += text),
    err: (text) => void (io.stderr += text),
    isTTY: false,
    env: {},
    cwd,
  };
  return io;
}

/** A fresh temporary folder. */
export const tempDir = (prefix: string): string =>
  mkdtempSync(join(tmpdir(), `descent-${prefix}-`));

/** Writes `value` as JSON to `dir/name` and returns the path. */
export function writeJson(dir: string, name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value, null, 1));
  return file;
}

/** The one objective module a search wrote into its output folder (named by its content hash). */
export function objectiveModule(outDir: string): string {
  const found = readdirSync(outDir).filter((f) => /^objective-[0-9a-f]{16}\.mjs$/.test(f));
  if (found.length !== 1) throw new Error(`expected one objective module in ${outDir}, found ${found.join(', ') || 'none'}`);
  return join(outDir, found[0]!);
}
