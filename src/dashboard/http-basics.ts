// What every descent web server (the dashboard, the playground) does the same way: content types,
// plain answers, the Host check that keeps a loopback server from DNS rebinding, static files
// through safe-path, and listening with the user's mistakes (port in use, a host not of this
// machine) turned into messages.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { servedFile } from './safe-path.js';
import { DataError } from '../errors.js';

/** Content types by file extension; anything else is application/octet-stream. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Answers `status` with `body`; `headers` are added to the ones every answer carries. */
export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(body);
}

/** Answers with the file `rawPath` names inside `root` (see servedFile): 403, 404 or the file. */
export function sendFile(
  res: ServerResponse,
  root: string,
  rawPath: string,
  realRoot?: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  const file = servedFile(root, rawPath, realRoot);
  if (file === 'forbidden') return send(res, 403, 'forbidden\n', undefined, headers);
  if (file === 'missing') return send(res, 404, 'not found\n', undefined, headers);
  send(res, 200, readFileSync(file), CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', headers);
}

/**
 * Whether `host` names a loopback interface.
 * @example isLoopback('127.0.0.1'); //=> true
 * @example isLoopback('0.0.0.0'); //=> false
 */
export function isLoopback(host: string): boolean {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  // ::ffff:127.x.y.z is an IPv4 loopback address written as IPv6 (IPv4-mapped): loopback too.
  const v4 = /^::ffff:/i.test(h) ? h.slice(7) : h;
  return h === 'localhost' || h === '::1' || /^0*:(0*:)*0*1$/.test(h) || /^127(\.\d{1,3}){3}$/.test(v4);
}

/** Whether the Host header names a loopback name a loopback-bound server answers to (guards against DNS rebinding). */
export function hostAllowed(req: IncomingMessage): boolean {
  const header = req.headers.host;
  if (header === undefined) return false;
  // Node keeps only the first of several Host headers; a request with two is ambiguous (which one a
  // proxy in front of us used is unknown) and is refused.
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') hosts++;
  if (hosts !== 1) return false;
  const name = header.startsWith('[') ? header.slice(1, header.indexOf(']')) : header.replace(/:\d+$/, '');
  return isLoopback(name);
}

/**
 * Makes `server` listen on `port` and `host` (brackets around an IPv6 address allowed) and
 * resolves to the port it got and the URL to print. `what` names the server in the message for
 * a port in use ("another dashboard?").
 * @throws DataError for a port in use, a privileged port, or a host that is not this machine's.
 */
export async function listenOn(server: Server, port: number, host: string, what: string): Promise<{ port: number; url: string }> {
  const listenHost = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  await new Promise<void>((ok, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') fail(new DataError(`port ${port} on ${host} is in use (another ${what}?); pick another with --port`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
        fail(new DataError(`cannot listen on host ${host} (${error.code}): not an address of this machine`));
      } else if (error.code === 'EACCES') fail(new DataError(`port ${port} needs more privileges; pick one above 1023 with --port`));
      else fail(error);
    });
    server.listen(port, listenHost, () => ok());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  const shown = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
  return { port: bound, url: `http://${shown}:${bound}/` };
}
