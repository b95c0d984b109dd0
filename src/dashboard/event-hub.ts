// Server-sent events: the open /api/events responses and how a DashboardEvent is written to them.
import type { ServerResponse } from 'node:http';
import type { DashboardEvent } from './api.js';

/** Open event streams allowed at once: far more tabs than one person opens. */
export const MAX_EVENT_STREAMS = 64;

/**
 * The set of connected event streams.
 * @example
 * const hub = new EventHub();
 * hub.add(res); // in the /api/events handler
 * hub.send({ type: 'run', id }); // every client gets `data: {"type":"run","id":...}`
 */
export class EventHub {
  private readonly clients = new Set<ServerResponse>();

  /** @param maxClients open streams at most: each holds a socket, so an unbounded number is a denial of service. */
  constructor(readonly maxClients = MAX_EVENT_STREAMS) {}

  /** Starts an event stream on `res` and keeps it until the client goes away; 503 past the cap. */
  add(res: ServerResponse): void {
    if (this.clients.size >= this.maxClients) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' });
      res.end(`too many open event streams (${this.maxClients}); close a dashboard tab and reload\n`);
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    // Tells EventSource how soon to reconnect after the server restarts.
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  /** Sends one event to every client. */
  send(event: DashboardEvent): void {
    const text = `data: ${JSON.stringify(event)}\n\n`;
    for (const c of this.clients) c.write(text);
  }

  /** A comment line that keeps idle connections (and proxies) from timing out. */
  ping(): void {
    for (const c of this.clients) c.write(': ping\n\n');
  }

  /** Number of connected clients. */
  get size(): number {
    return this.clients.size;
  }

  /** Ends every stream. */
  closeAll(): void {
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
