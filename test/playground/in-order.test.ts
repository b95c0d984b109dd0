import { describe, expect, it } from 'vitest';
import { inOrder } from '../../src/playground/worker/in-order.js';

describe('inOrder: a worker handles its messages one after another', () => {
  it('a message sent while an earlier one is still settling is handled after it', async () => {
    const seen: string[] = [];
    let release!: () => void;
    const loading = new Promise<void>((done) => (release = done));
    const handle = inOrder<string>(async (m) => {
      if (m === 'init') {
        seen.push('init started');
        await loading; // the wasm module still loading
        seen.push('init done');
        return;
      }
      seen.push(m);
    }, () => undefined);
    handle('init');
    handle('play');
    await Promise.resolve();
    await Promise.resolve();
    expect(seen).toEqual(['init started']);
    release();
    await new Promise((done) => setImmediate(done));
    expect(seen).toEqual(['init started', 'init done', 'play']);
  });

  it('a failing message is reported and the ones after it still run', async () => {
    const seen: string[] = [];
    const failures: string[] = [];
    const handle = inOrder<string>((m) => {
      if (m === 'bad') throw new Error('bad message');
      seen.push(m);
    }, (e) => failures.push((e as Error).message));
    handle('bad');
    handle('good');
    await new Promise((done) => setImmediate(done));
    expect(failures).toEqual(['bad message']);
    expect(seen).toEqual(['good']);
  });
});
