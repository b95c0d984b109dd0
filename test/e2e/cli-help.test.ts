// `descent help`, `descent <command> --help` and `descent help <command>`: usage on stdout, exit 0,
// nothing run (a --help next to a missing config file must not read it).
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

const COMMANDS = ['train', 'predict', 'search', 'dashboard', 'doctor', 'gradcheck', 'bench', 'info'];

describe('descent help', () => {
  it('lists every command', async () => {
    const io = capture();
    expect(await main(['help'], io)).toBe(0);
    for (const c of COMMANDS) expect(io.stdout).toContain(`  ${c} `);
  });

  it.each(COMMANDS)('descent %s --help prints its usage and exits 0 without running', async (name) => {
    const io = capture();
    expect(await main([name, 'no-such-file.json', '--help'], io)).toBe(0);
    expect(io.stdout).toMatch(new RegExp(`^descent ${name}: .+\\nusage: descent ${name}`));
    expect(io.stderr).toBe('');
  });

  it('descent help predict is descent predict --help; an unknown command exits 2', async () => {
    const a = capture();
    const b = capture();
    expect(await main(['help', 'predict'], a)).toBe(0);
    expect(await main(['predict', '-h'], b)).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const c = capture();
    expect(await main(['help', 'trian'], c)).toBe(2);
    expect(c.stderr).toContain("unknown command 'trian'");
  });
});
