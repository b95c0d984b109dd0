// Shared helpers of the end-to-end tests: a capturing IO for main(argv, io), temporary folders,
// example configs copied with overrides, and datasets written out as CSV files.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IO } from '../../src/cli/io.js';
import type { Dataset } from '../../src/data/dataset.js';

/** The repository root (examples/ lives there). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** An IO that records what a command prints. */
export interface CapturedIO extends IO {
  stdout: string;
  stderr: string;
}

/** A capturing IO whose relative paths resolve against `cwd`. */
export function captureIO(cwd: string, env: Record<string, string> = {}): CapturedIO {
  const io: CapturedIO = {
    stdout: '',
    stderr: '',
    out: (text) => void (io.stdout += text),
    err: (text) => void (io.stderr += text),
    isTTY: false,
    env,
    cwd,
  };
  return io;
}

/** A fresh temporary folder. */
export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `descent-${prefix}-`));

/** An example config from examples/, parsed, with top-level fields replaced by `overrides`. */
export function example(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const config = JSON.parse(readFileSync(join(ROOT, 'examples', name), 'utf8')) as Record<string, unknown>;
  return { ...config, ...overrides };
}

/** Writes `value` as JSON to `dir/name` and returns the path. */
export function writeJson(dir: string, name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value, null, 1));
  return file;
}

/**
 * Writes a classification dataset as CSV: columns x0..x(d-1) then `label`. Float32 values print
 * exactly (a float32 widened to a double and printed with the shortest round-trip form parses back
 * to the same float32).
 */
export function writeCsv(file: string, ds: Dataset, label = 'label'): string {
  const header = [...Array.from({ length: ds.d }, (_, j) => `x${j}`), label].join(',');
  const rows = Array.from({ length: ds.n }, (_, i) =>
    [...ds.x.subarray(i * ds.d, (i + 1) * ds.d), ds.y[i]!].map(String).join(','),
  );
  writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
  return file;
}
