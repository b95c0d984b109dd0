// A static file server for the Chromium tests' pages, and where those tests find the browser.
// A path outside `dir` (or absent) answers 404; `isolated` adds the headers that make a page
// cross-origin isolated (SharedArrayBuffer, wasm threads).
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
/** Under CI=true a missing Chromium fails the suite instead of skipping it. */
export const inCi = process.env.CI === 'true';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

export interface StaticServerOptions {
  /** Send COOP/COEP, so the page is cross-origin isolated. */
  readonly isolated?: boolean;
  /** The file `/` serves; without one, `/` answers 404. */
  readonly index?: string;
}

/**
 * Serves `dir` on a free loopback port.
 * @example const { server, url } = await serveDir(dir, { index: 'index.html' });
 */
export function serveDir(dir: string, options: StaticServerOptions = {}): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const name = path === '/' ? options.index ?? '' : path.slice(1);
    const file = join(dir, name);
    if (name === '' || name.includes('..') || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    if (options.isolated === true) {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    res.end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    done({ server, url: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/` });
  }));
}
