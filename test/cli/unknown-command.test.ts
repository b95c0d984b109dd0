// A misspelt command name exits 2 with the closest command suggested; a name close to none gets
// the pointer to `descent help` instead.
import { describe, expect, it } from 'vitest';
import type { IO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

function capture(): IO & { stdout: string; stderr: string } {
  const io = {
    stdout: '', stderr: '', isTTY: false, env: {}, cwd: process.cwd(),
    out: (t: string) => { io.stdout += t; },
    err: (t: string) => { io.stderr += t; },
  };
  return io;
}

describe('an unknown command', () => {
  it.each([
    ['trian', 'train'], // two neighbouring letters swapped: one edit
    ['predcit', 'predict'],
    ['doctr', 'doctor'], // one letter left out
  ])("'%s' suggests '%s' and exits 2", async (typo, meant) => {
    const io = capture();
    expect(await main([typo, 'cfg.json'], io)).toBe(2);
    expect(io.stderr).toBe(`descent: unknown command '${typo}' (did you mean '${meant}'?)\n`);
    expect(io.stdout).toBe('');
  });

  it('a name close to no command points to descent help', async () => {
    const io = capture();
    expect(await main(['xyzzyplugh'], io)).toBe(2);
    expect(io.stderr).toBe("descent: unknown command 'xyzzyplugh' (try 'descent help')\n");
  });
});
