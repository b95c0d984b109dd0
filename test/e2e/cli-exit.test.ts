// Exit codes and stack traces of `descent` for errors that are not the user's: an internal error
// (an InternalError, or any other exception) raised deep inside training exits 1 with a one-line
// message, and the stack trace is printed only under --debug. A user's mistake exits 2 with no stack
// trace unless --debug asks for it, and so does a system error about the machine (a full disk) naming
// its path.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { EXIT } from '../../src/cli/io.js';
import { InternalError } from '../../src/errors.js';
import { Sequential } from '../../src/nn/layers/sequential.js';
import { captureIO, tempDir, writeJson } from './helpers.js';

const dir = tempDir('cli-exit');
writeJson(dir, 'tiny.json', {
  seed: 1, data: { source: { type: 'spiral', classes: 3, pointsPerClass: 10 } },
  model: [{ type: 'linear', units: 3 }], loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, epochs: 2,
});
// A stack frame as V8 prints it.
const FRAME = /\n\s+at .+:\d+:\d+\)?\n/;

afterEach(() => {
  vi.restoreAllMocks();
});

let runs = 0;

/** Runs `descent train tiny.json ...` with the model's forward pass throwing `error` at the third call. */
async function trainThrowing(error: Error, ...flags: string[]) {
  const original = Sequential.prototype.forward;
  let calls = 0;
  const spy = vi.spyOn(Sequential.prototype, 'forward').mockImplementation(function (this: Sequential, x) {
    if (++calls === 3) throw error;
    return original.call(this, x);
  });
  const io = captureIO(dir);
  const code = await main(['train', 'tiny.json', '--out', `run-${++runs}`, ...flags], io);
  expect(spy).toHaveBeenCalled();
  return { code, stderr: io.stderr, stdout: io.stdout };
}

describe('an internal error during training', () => {
  it.each([
    ['an InternalError', new InternalError('the tape lost a node (invariant)')],
    ['a plain TypeError', new TypeError("Cannot read properties of undefined (reading 'shape')")],
  ])('%s exits 1 with one message and no stack trace', async (_name, error) => {
    const r = await trainThrowing(error);
    expect(r.code).toBe(EXIT.failure);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`descent: internal error: ${error.message}\n(run again with --debug for the stack trace)\n`);
    expect(r.stderr).not.toMatch(FRAME);
  });

  it('--debug prints the stack trace, naming the function that threw; the exit code stays 1', async () => {
    const error = new InternalError('the tape lost a node (invariant)');
    const r = await trainThrowing(error, '--debug');
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith(`descent: internal error: ${error.message}\n`)).toBe(true);
    expect(r.stderr).toContain(error.stack!);
    expect(r.stderr).toMatch(FRAME);
    expect(r.stderr).toContain('cli-exit.test.ts'); // where the error was made
    expect(r.stderr).not.toContain('run again with --debug');
  });
});

describe("a user's mistake", () => {
  it('exits 2 with the message and no stack trace; --debug adds the trace', async () => {
    writeJson(dir, 'bad.json', { data: { source: 'spiral' }, model: [{ type: 'linear', units: 3 }], loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: -1 }, epochs: 1 });
    const plain = captureIO(dir);
    expect(await main(['train', 'bad.json'], plain)).toBe(2);
    expect(plain.stderr).toMatch(/^descent: .*bad\.json.*lr/);
    expect(plain.stderr).not.toMatch(FRAME);
    expect(plain.stderr).not.toContain('internal error');
    const debug = captureIO(dir);
    expect(await main(['train', 'bad.json', '--debug'], debug)).toBe(2);
    expect(debug.stderr).toMatch(FRAME);
  });
});

/** An error as node:fs throws it for `syscall` on `path`. */
function systemError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} failed, ${syscall} '${path}'`), { code, syscall, path, errno: -1 });
}

describe("a system error about the machine's state", () => {
  it.each([
    ['ENOSPC', '/data/runs/a/model.json: the disk is full'],
    ['EROFS', '/data/runs/a/model.json: cannot read or write it'],
    ['EIO', '/data/runs/a/model.json: cannot read or write it'],
  ])('%s naming a path exits 2 with one line naming it, not as an internal error', async (code, start) => {
    const error = systemError(code, 'write', '/data/runs/a/model.json');
    const r = await trainThrowing(error);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`descent: ${start} (${error.message})\n`);
  });

  it('one without a path, or of another kind, stays an internal error', async () => {
    for (const error of [Object.assign(new Error('ENOSPC: no space'), { code: 'ENOSPC' }), systemError('EBADF', 'write', '/x')]) {
      const r = await trainThrowing(error);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^descent: internal error: /);
    }
  });
});
