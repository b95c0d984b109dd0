// `descent playground`: serves only the built page's files, with the content types a module Worker
// and a wasm module need and the headers that make the page cross-origin isolated; refuses path
// tricks, links out and foreign Host headers; bad flags, a port in use and a missing build are user
// errors (exit 2 through the CLI) with one clear line.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { playgroundCommandWith } from '../../src/cli/commands/playground.js';
import type { IO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { startPlayground } from '../../src/cli/playground-server.js';
import { DataError } from '../../src/errors.js';

function capture(): IO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), isTTY: false, env: {}, cwd: tmpdir() };
}

/** A fake built page: the four files bundlePlayground writes, a wasm module, a secret beside it and a link to it. */
function fakeSite(): { dir: string; secret: string } {
  const root = mkdtempSync(join(tmpdir(), 'descent-playground-'));
  const dir = join(root, 'site');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>p</title>');
  writeFileSync(join(dir, 'playground.js'), 'export {};');
  writeFileSync(join(dir, 'worker.js'), 'export {};');
  writeFileSync(join(dir, 'style.css'), 'body{}');
  writeFileSync(join(dir, 'assets', 'kernels.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  const secret = join(root, 'secret.txt');
  writeFileSync(secret, 'the secret');
  symlinkSync(secret, join(dir, 'link.txt'));
  return { dir, secret };
}

interface Reply { status: number; body: string; headers: Record<string, string | string[] | undefined> }

/** GETs `path` verbatim (no URL normalization: what a traversal attempt sends). */
function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('descent playground', () => {
  it('prints a loopback URL whose page is cross-origin isolated, with module and wasm content types', async () => {
    const { dir } = fakeSite();
    const io = capture();
    const replies: Record<string, Reply> = {};
    const command = playgroundCommandWith(async (url) => {
      const port = Number(new URL(url).port);
      for (const p of ['/', '/playground.js', '/worker.js', '/style.css', '/assets/kernels.wasm', '/?x=1#config=%7B%7D']) replies[p] = await get(port, p);
    }, dir);
    expect(await command.run(['--port', '0'], io)).toBe(0);
    expect(io.stdout.join('')).toMatch(/^Playground: http:\/\/127\.0\.0\.1:\d+\/ {2}\(Ctrl-C to stop\)\n$/);
    expect(io.stderr.join('')).toBe('');
    expect(replies['/']!.status).toBe(200);
    expect(replies['/']!.body).toBe('<!doctype html><title>p</title>');
    expect(replies['/']!.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(replies['/?x=1#config=%7B%7D']!.status).toBe(200);
    expect(replies['/playground.js']!.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(replies['/worker.js']!.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(replies['/style.css']!.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(replies['/assets/kernels.wasm']!.headers['content-type']).toBe('application/wasm');
    for (const r of Object.values(replies)) {
      expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
      expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    }
  });

  it('refuses traversal, hidden names and links out of the page folder, and foreign Host headers', async () => {
    const { dir } = fakeSite();
    const server = await startPlayground({ dir, port: 0 });
    try {
      for (const p of ['/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/.hidden', '/a%00b']) {
        const r = await get(server.port, p);
        expect(r.status, p).toBe(403);
        expect(r.body).not.toContain('the secret');
      }
      const link = await get(server.port, '/link.txt');
      expect(link.status).toBe(404);
      expect(link.body).not.toContain('the secret');
      expect((await get(server.port, '/no-such.js')).status).toBe(404);
      // DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1.
      expect((await get(server.port, '/', 'evil.example:8322')).status).toBe(403);
    } finally {
      await server.close();
    }
  });

  it('says to run npm run build when the page is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'descent-playground-empty-'));
    const run = playgroundCommandWith(async () => undefined, empty).run(['--port', '0'], capture());
    await expect(run).rejects.toThrow(DataError);
    await expect(startPlayground({ dir: empty, port: 0 })).rejects.toThrow(/the playground is not built .*: run npm run build$/);
  });

  it('a port in use is a user error naming the port', async () => {
    const { dir } = fakeSite();
    const busy = createServer();
    await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', () => ok()));
    const port = (busy.address() as { port: number }).port;
    try {
      const run = playgroundCommandWith(async () => undefined, dir).run(['--port', String(port)], capture());
      await expect(run).rejects.toThrow(new DataError(`port ${port} on 127.0.0.1 is in use (another playground or dashboard?); pick another with --port`));
    } finally {
      busy.close();
    }
  });

  it('a host that is not this machine is a user error', async () => {
    const { dir } = fakeSite();
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of this machine.
    const run = playgroundCommandWith(async () => undefined, dir).run(['--port', '0', '--host', '192.0.2.1'], capture());
    await expect(run).rejects.toThrow(/cannot listen on host 192\.0\.2\.1 \(EADDRNOTAVAIL\): not an address of this machine/);
  });

  it('warns about a host that is not loopback', async () => {
    const { dir } = fakeSite();
    const io = capture();
    expect(await playgroundCommandWith(async () => undefined, dir).run(['--port', '0', '--host', '0.0.0.0'], io)).toBe(0);
    expect(io.stderr.join('')).toContain('warning: the playground listens on 0.0.0.0');
  });

  it.each([
    [['--port', 'http'], "playground: --port expects an integer >= 0, got 'http'"],
    [['--port', '70000'], "playground: --port expects an integer from 0 to 65535, got '70000'"],
    [['--host', ''], "playground: --host expects an address such as 127.0.0.1, got ''"],
    [['--prot', '1'], "playground: Unknown option '--prot'"],
    [['extra'], "playground: unexpected argument 'extra'"],
  ])('exits 2 on %j with one line and the usage', async (args, message) => {
    const io = capture();
    expect(await main(['playground', ...args], io)).toBe(2);
    const err = io.stderr.join('');
    expect(err).toContain(message);
    expect(err).toContain('usage: descent playground');
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('is listed in descent help', async () => {
    const io = capture();
    expect(await main(['help'], io)).toBe(0);
    expect(io.stdout.join('')).toMatch(/\n {2}playground {2}serve the playground/);
  });
});
