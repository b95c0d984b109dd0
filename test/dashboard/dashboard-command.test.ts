// `descent dashboard`: prints its URL, serves the runs it was given, announces a non-loopback
// host, and turns bad arguments into usage errors (exit 2).
import { describe, expect, it } from 'vitest';
import { dashboardCommandWith } from '../../src/cli/commands/dashboard.js';
import type { IO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { tempDir } from './fixtures.js';

function capture(cwd: string): IO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), isTTY: false, env: {}, cwd };
}

describe('descent dashboard', () => {
  it('prints a loopback URL that answers, then stops', async () => {
    const dir = tempDir('cli');
    const io = capture(dir);
    let status = 0;
    const command = dashboardCommandWith(async (url) => {
      status = (await fetch(`${url}api/runs`)).status;
    });
    expect(await command.run([dir, '--port', '0'], io)).toBe(0);
    expect(io.stdout.join('')).toMatch(/^Dashboard: http:\/\/127\.0\.0\.1:\d+\//);
    expect(status).toBe(200);
    expect(io.stderr.join('')).toBe('');
  });

  it('announces a host that is not loopback', async () => {
    const dir = tempDir('cli');
    const io = capture(dir);
    await dashboardCommandWith(async () => undefined).run([dir, '--port', '0', '--host', '0.0.0.0'], io);
    expect(io.stderr.join('')).toContain('warning: the dashboard listens on 0.0.0.0');
  });

  it('rejects a missing path and a bad port with exit code 2', async () => {
    const dir = tempDir('cli');
    const io = capture(dir);
    expect(await main(['dashboard', 'no-such-dir'], io)).toBe(2);
    expect(io.stderr.join('')).toContain('no such file or directory');
    expect(await main(['dashboard', dir, '--port', 'http'], io)).toBe(2);
    expect(await main(['dashboard', dir, '--port', '70000'], io)).toBe(2);
  });
});
