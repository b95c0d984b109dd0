// Small HTTP helpers for the dashboard tests: raw paths are sent as they are (no URL
// normalization), which is what a traversal attempt looks like on the wire.
import { request } from 'node:http';

/** A response: status and body text. */
export interface Reply {
  readonly status: number;
  readonly body: string;
}

/** GETs `path` verbatim from 127.0.0.1:port. */
export function get(port: number, path: string, options: { method?: string; host?: string } = {}): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: options.host ?? `127.0.0.1:${port}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', fail);
    req.end();
  });
}

/** GETs JSON, failing on a non-200 status. */
export async function getJson<T>(port: number, path: string): Promise<T> {
  const r = await get(port, path);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.body}`);
  return JSON.parse(r.body) as T;
}

/**
 * Opens the event stream and resolves with the first event `match` accepts; `onOpen` runs once
 * the stream is connected (so the change it makes cannot be missed).
 */
export function nextEvent<T>(port: number, match: (e: T) => boolean, onOpen: () => void): Promise<T> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/events', headers: { host: `127.0.0.1:${port}` } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data === undefined) continue;
          const event = JSON.parse(data.slice(6)) as T;
          if (match(event)) {
            req.destroy();
            ok(event);
            return;
          }
        }
      });
      onOpen();
    });
    req.on('error', (e) => ((e as { code?: string }).code === 'ECONNRESET' ? undefined : fail(e)));
    req.end();
  });
}
