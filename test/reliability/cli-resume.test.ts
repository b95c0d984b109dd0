// The `descent train` flags of checkpointing: --checkpoint-every, --resume and their mistakes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { decodeCheckpoint } from '../../src/train/checkpoint.js';
import { ADAM_DROPOUT, tempDir } from './configs.js';

function capture(): IO & { text: () => string } {
  let text = '';
  return { out: (t) => void (text += t), err: (t) => void (text += t), isTTY: false, env: {}, cwd: tempDir(), text: () => text };
}

function configFile(epochs: number): string {
  const file = join(tempDir(), 'c.json');
  writeFileSync(file, JSON.stringify({ ...ADAM_DROPOUT, epochs }));
  return file;
}

describe('descent train checkpoint flags', () => {
  it('--checkpoint-every 2 over 5 epochs leaves the last epoch\'s checkpoint; 0 writes none', async () => {
    const dir = join(tempDir(), 'a');
    expect(await main(['train', configFile(5), '--out', dir, '--quiet', '--checkpoint-every', '2'], capture())).toBe(0);
    expect(decodeCheckpoint(readFileSync(join(dir, 'checkpoint.json'), 'utf8')).epoch).toBe(5);
    const none = join(tempDir(), 'b');
    expect(await main(['train', configFile(2), '--out', none, '--quiet', '--checkpoint-every', '0'], capture())).toBe(0);
    expect(existsSync(join(none, 'checkpoint.json'))).toBe(false);
  });

  it('--resume of a finished run trains nothing more and reports the run', async () => {
    const dir = join(tempDir(), 'a');
    await main(['train', configFile(2), '--out', dir, '--quiet'], capture());
    const model = readFileSync(join(dir, 'model.json'), 'utf8');
    const io = capture();
    expect(await main(['train', '--resume', dir], io)).toBe(0);
    expect(io.text()).toBe(`${dir}: the run already finished (2 of 2 epochs); nothing to do\n`);
    expect(readFileSync(join(dir, 'metrics.jsonl'), 'utf8').match(/"type":"start"/g)).toHaveLength(1);
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe(model);
  });

  it.each([
    [['train', 'x.json', '--resume', 'run'], /either a config file or --resume RUN_DIR, not both/],
    [['train', '--resume', 'run', '--out', 'o'], /--out does not apply to --resume/],
    [['train'], /missing the config file/],
    [['train', 'x.json', '--checkpoint-every=-1'], /--checkpoint-every expects an integer >= 0, got '-1'/],
    [['train', '--resume', 'no-such-run'], /no-such-run: not a run directory/],
  ])('%j exits 2: %s', async (argv, message) => {
    const io = capture();
    expect(await main(argv, io)).toBe(2);
    expect(io.text()).toMatch(message);
  });
});
