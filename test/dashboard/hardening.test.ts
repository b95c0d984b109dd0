// The dashboard's edges: IPv4-mapped and bracketed loopback hosts keep the Host check, a request
// with two Host headers is refused, event streams are capped (503 past the cap, a slot freed when a
// stream closes), and a port in use is a clear user error.
import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { IO } from '../../src/cli/io.js';
import { isLoopback, startDashboard } from '../../src/dashboard/server.js';
import { tempDir } from './fixtures.js';

/** Sends raw request bytes and resolves with the status line's code. */
async function rawStatus(port: number, text: string): Promise<number> {
  const { connect } = await import('node:net');
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let reply = '';
    socket.on('data', (c: Buffer) => {
      reply += c.toString();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(reply);
      if (m !== null) {
        done(Number(m[1]));
        socket.destroy();
      }
    });
    socket.on('error', fail);
  });
}

/** Opens /api/events and resolves with the response once its headers arrive (the stream stays open). */
function openStream(port: number): Promise<{ status: number; close(): void }> {
  return new Promise((done, fail) => {
    const req = request({ port, host: '127.0.0.1', path: '/api/events', headers: { host: `127.0.0.1:${port}` } }, (res) => {
      done({ status: res.statusCode ?? 0, close: () => req.destroy() });
      if (res.statusCode !== 200) res.resume();
    });
    req.on('error', fail);
    req.end();
  });
}

describe('dashboard hardening', () => {
  it('counts IPv4-mapped and bracketed loopback addresses as loopback', () => {
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('[::1]')).toBe(true);
    expect(isLoopback('::ffff:10.0.0.1')).toBe(false);
    expect(isLoopback('0.0.0.0')).toBe(false);
  });

  it('refuses a request with two Host headers', async () => {
    const d = await startDashboard({ paths: [tempDir('hard')], port: 0 });
    try {
      const one = await rawStatus(d.port, `GET /api/runs HTTP/1.1\r\nHost: 127.0.0.1:${d.port}\r\nConnection: close\r\n\r\n`);
      expect(one).toBe(200);
      const two = await rawStatus(d.port, `GET /api/runs HTTP/1.1\r\nHost: 127.0.0.1:${d.port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
      expect(two).toBe(403);
    } finally {
      await d.close();
    }
  });

  it('caps open event streams with a 503 and frees a slot when one closes', async () => {
    const d = await startDashboard({ paths: [tempDir('hard')], port: 0, maxEventStreams: 2 });
    try {
      const a = await openStream(d.port);
      const b = await openStream(d.port);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect((await openStream(d.port)).status).toBe(503);
      a.close();
      // The server sees the close a moment later: retry (bounded) until the slot is free.
      let status = 503;
      for (let i = 0; i < 200 && status === 503; i++) {
        const c = await openStream(d.port);
        status = c.status;
        c.close();
      }
      expect(status).toBe(200);
      b.close();
    } finally {
      await d.close();
    }
  });

  it('says that the port is in use, exit 2, instead of an internal error', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', () => done()));
    const port = (blocker.address() as { port: number }).port;
    let text = '';
    const io: IO = { out: (t) => void (text += t), err: (t) => void (text += t), isTTY: false, env: {}, cwd: tempDir('hard') };
    try {
      expect(await main(['dashboard', io.cwd, '--port', String(port)], io)).toBe(2);
      expect(text).toContain(`port ${port} on 127.0.0.1 is in use (another dashboard?); pick another with --port`);
    } finally {
      blocker.close();
    }
  });
});
