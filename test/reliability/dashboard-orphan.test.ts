// The dashboard started beside `descent train` runs in a child process with an IPC channel to the
// trainer. Whenever that channel closes (the trainer exited, was killed, even before the dashboard
// got to listen), the dashboard must stop serving and exit instead of holding its port.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { tempDir } from './configs.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'src', 'cli', 'main.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

describe('descent dashboard with an IPC channel to its parent', () => {
  it('exits when the channel is already closed by the time it listens', async () => {
    const child = spawn(process.execPath, ['--import', tsx, cli, 'dashboard', tempDir(), '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    // Also when this test fails by its time limit: no dashboard may outlive it.
    onTestFinished(() => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));
    let out = '';
    child.stdout!.on('data', (c: Buffer) => void (out += c.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    // The parent goes away before the child has even loaded: its channel is closed from the start.
    child.disconnect();
    // A dashboard that goes on serving never exits, and this test fails by its time limit.
    expect(await exited).toBe(0);
    expect(out).toMatch(/Dashboard: http:\/\/127\.0\.0\.1:\d+\//);
  }, 30_000);
});
