// The playground's web server (node:http): only the static files of the built page (dist/playground/),
// read through safe-path, loopback by default, with the headers that make the page cross-origin
// isolated (so its Worker may use threads and SharedArrayBuffer) and a policy that lets it reach
// nothing outside this server.
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostAllowed, isLoopback, listenOn, send, sendFile } from '../dashboard/http-basics.js';
import { realOrSelf } from '../dashboard/safe-path.js';
import { DataError } from '../errors.js';

/** The files a built playground holds (what bundlePlayground writes). */
export const PLAYGROUND_FILES = ['index.html', 'playground.js', 'worker.js', 'style.css'] as const;

/**
 * Where the built page is looked for: dist/playground beside dist/cli in the installed package; when
 * this file runs from src/cli (tsx, a checkout), the checkout's dist/playground.
 */
const CANDIDATES = [fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../dist/playground/' : '../playground/', import.meta.url))];

/** Whether `dir` holds a built playground. */
export function isBuiltPlayground(dir: string): boolean {
  return PLAYGROUND_FILES.every((f) => existsSync(join(dir, f)));
}

/**
 * The folder of the built playground.
 * @throws DataError when no candidate holds the built page, saying to run `npm run build`.
 */
export function findPlaygroundDir(candidates: readonly string[] = CANDIDATES): string {
  const found = candidates.find(isBuiltPlayground);
  if (found === undefined) {
    throw new DataError(`the playground is not built (no ${PLAYGROUND_FILES.join(', ')} in ${candidates[0]}): run npm run build`);
  }
  return found;
}

/** Headers on every answer: cross-origin isolation, and nothing fetched from anywhere else. */
export const PLAYGROUND_HEADERS: Readonly<Record<string, string>> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  // 'wasm-unsafe-eval' lets the wasm backend compile its module; blob: and data: are the page's own
  // downloads and images, never another server.
  'content-security-policy':
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "worker-src 'self' blob:; connect-src 'self' data: blob:; object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

/** What startPlayground takes. */
export interface PlaygroundOptions {
  /** Port to listen on; 0 picks a free one. Default 8322. */
  readonly port?: number;
  /** Interface to bind; default 127.0.0.1 (loopback). */
  readonly host?: string;
  /** The folder with the built page; default dist/playground of this package (see findPlaygroundDir). */
  readonly dir?: string;
}

/** A running playground server. */
export interface PlaygroundServer {
  readonly url: string;
  readonly port: number;
  /** Whether it listens on a loopback interface only. */
  readonly loopback: boolean;
  /** The folder it serves. */
  readonly dir: string;
  close(): Promise<void>;
}

/** The default port: the dashboard's (8321) plus one, so both can run side by side. */
export const PLAYGROUND_PORT = 8322;

function handle(dir: string, realDir: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n', undefined, PLAYGROUND_HEADERS);
  const raw = req.url ?? '/';
  const q = raw.search(/[?#]/);
  const path = q < 0 ? raw : raw.slice(0, q);
  if (!path.startsWith('/')) return send(res, 400, 'bad request\n', undefined, PLAYGROUND_HEADERS);
  const name = path === '/' ? 'index.html' : path.slice(1);
  sendFile(res, dir, name, realDir, PLAYGROUND_HEADERS);
}

/**
 * Serves the built playground and resolves once it listens.
 * @throws DataError when the page is not built, the port is in use or the host is not this machine's.
 * @example
 * const { url, close } = await startPlayground({ port: 0 });
 * // open url in a browser; later:
 * await close();
 */
export async function startPlayground(options: PlaygroundOptions = {}): Promise<PlaygroundServer> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopback(host);
  const dir = options.dir ?? findPlaygroundDir();
  if (!isBuiltPlayground(dir)) findPlaygroundDir([dir]);
  const realDir = realOrSelf(dir);
  const server = createServer((req, res) => {
    if (loopback && !hostAllowed(req)) return send(res, 403, 'forbidden host\n', undefined, PLAYGROUND_HEADERS);
    try {
      handle(dir, realDir, req, res);
    } catch {
      // Not the error's message: file-system messages name absolute paths.
      if (!res.headersSent) send(res, 500, 'internal error\n', undefined, PLAYGROUND_HEADERS);
      else res.end();
    }
  });
  const { port, url } = await listenOn(server, options.port ?? PLAYGROUND_PORT, host, 'playground or dashboard');
  return {
    url,
    port,
    loopback,
    dir,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
