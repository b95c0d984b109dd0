// Untrusted sizes are checked before the work they ask for: a gzip whose IDX header declares more
// than the input budget is refused before it is inflated, a device such as /dev/zero is refused as
// a config, data or model file, a config nested 10,000 levels deep is refused before any recursive
// parse, and a file name with bytes that are not UTF-8 is reported as such. Each is exit 2 with the
// file named and no stack trace.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { IO } from '../../src/cli/io.js';
import { readIdx } from '../../src/data/node/read-idx.js';
import { tempDir } from '../reliability/configs.js';

function capture(cwd: string, env: Record<string, string> = {}): IO & { text: () => string } {
  let text = '';
  return { out: (t) => void (text += t), err: (t) => void (text += t), isTTY: false, env, cwd, text: () => text };
}

async function run(argv: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; text: string }> {
  const io = capture(cwd, env);
  const code = await main(argv, io);
  return { code, text: io.text() };
}

/** An IDX header for ubyte values of the given dimensions, followed by `data` bytes. */
function idx(dims: number[], data: number): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt32BE(0x0800 + dims.length, 0);
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.alloc(data)]);
}

const config = (dir: string, source: object): string => {
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({
    data: { source }, model: [{ type: 'linear', units: 3 }], loss: 'softmaxCrossEntropy',
    optimizer: { type: 'sgd', lr: 0.1 }, epochs: 1, batchSize: 2,
  }));
  return file;
};

describe('bounded reads of untrusted input', () => {
  it('refuses an .idx.gz whose header declares more than the budget, before inflating it', () => {
    const dir = tempDir('descent-bound-');
    // 2^26 x 64 bytes declared (2^32, plus the 12 bytes of the header); a little data, which gzip squeezes to almost nothing.
    const images = join(dir, 'images.idx.gz');
    writeFileSync(images, gzipSync(idx([2 ** 26, 64], 1 << 16)));
    const labels = join(dir, 'labels.idx.gz');
    writeFileSync(labels, gzipSync(idx([2], 2)));
    expect(() => readIdx({ images, labels })).toThrow(
      /images\.idx\.gz, offset 0 of the decompressed file: the header declares 4 GiB \(4294967308 bytes\), over the 2 GiB input budget \(set DESCENT_MAX_INPUT_BYTES to raise it\)/,
    );
  });

  it('caps gunzip at the budget when nothing declares a size (a CSV), through DESCENT_MAX_INPUT_BYTES', async () => {
    const dir = tempDir('descent-bound-');
    const csv = join(dir, 'big.csv.gz');
    const rows = ['x1,x2,label', ...Array.from({ length: 20000 }, () => '1,2,0')].join('\n');
    writeFileSync(csv, gzipSync(rows));
    const r = await run(['train', config(dir, { type: 'csv', path: csv, label: 'label' }), '--quiet'], dir, { DESCENT_MAX_INPUT_BYTES: '16K' });
    expect(r.code).toBe(2);
    expect(r.text).toMatch(/big\.csv\.gz, offset 16384 of the decompressed file: decompressed, the file is more than 16 KiB \(16384 bytes\), over the 16 KiB input budget/);
    const plain = join(dir, 'big.csv');
    writeFileSync(plain, rows);
    const p = await run(['train', config(dir, { type: 'csv', path: plain, label: 'label' }), '--quiet'], dir, { DESCENT_MAX_INPUT_BYTES: '16K' });
    expect(p.code).toBe(2);
    expect(p.text).toMatch(/big\.csv: the file is \d+\.\d KiB \(\d+ bytes\), over the 16 KiB input budget/);
  });

  it('refuses /dev/zero as a config, a data file and a model file, unread', async () => {
    const dir = tempDir('descent-bound-');
    const asConfig = await run(['train', '/dev/zero'], dir);
    expect(asConfig.code).toBe(2);
    expect(asConfig.text).toMatch(/\/dev\/zero: cannot read: not a regular file/);
    const asData = await run(['train', config(dir, { type: 'csv', path: '/dev/zero', label: 'label' }), '--quiet'], dir);
    expect(asData.code).toBe(2);
    expect(asData.text).toMatch(/\/dev\/zero: cannot read: not a regular file/);
    writeFileSync(join(dir, 'rows.csv'), 'x1,label\n1,0\n');
    const asModel = await run(['predict', '/dev/zero', join(dir, 'rows.csv')], dir);
    expect(asModel.code).toBe(2);
    expect(asModel.text).toMatch(/\/dev\/zero: cannot read the model file: not a regular file/);
  });

  it('refuses a config nested 10,000 levels deep with a message, not a stack overflow', async () => {
    const dir = tempDir('descent-bound-');
    const file = join(dir, 'deep.json');
    writeFileSync(file, `{"model": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    const r = await run(['train', file], dir);
    expect(r.code).toBe(2);
    // 64 levels allowed: the object is level 1, so the 64th bracket opens level 65, at column 74.
    expect(r.text).toMatch(/deep\.json: nested more than 64 levels deep at line 1, column 74/);
    expect(r.text).not.toMatch(/\n\s+at /);
  });

  it('says that a file name is not valid UTF-8 rather than just "not found"', async () => {
    const dir = tempDir('descent-bound-');
    mkdirSync(dir, { recursive: true });
    // The name 'caf\xe9.json' in Latin-1: Node hands it to descent as 'caf\uFFFD.json'.
    writeFileSync(Buffer.from(`${dir}/caf\xe9.json`, 'latin1'), '{}');
    const r = await run(['train', `${dir}/caf\uFFFD.json`], dir);
    expect(r.code).toBe(2);
    expect(r.text).toMatch(/its name holds bytes that are not valid UTF-8: rename the file/);
  });
});
