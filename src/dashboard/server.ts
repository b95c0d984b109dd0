// The dashboard's web server (node:http): the page's static files, a small JSON API over the runs
// and studies it was given, and a server-sent event stream for live updates. Bound to loopback
// unless a host is asked for; files are served only from the UI folder and the run directories.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleDashboardUi, isBuiltUi, UI_DIR } from './bundle-ui.js';
import { ActivationDataCache } from './activation-data.js';
import { activationsAnswer } from './activations-route.js';
import { Catalog } from './catalog.js';
import { EventHub } from './event-hub.js';
import { CONTENT_TYPES, hostAllowed, isLoopback, listenOn, send, sendFile } from './http-basics.js';

export { isLoopback };

/** What startDashboard takes. */
export interface DashboardOptions {
  /** Run directories, folders of runs, and study files. */
  readonly paths: readonly string[];
  /** Study databases (postgresql:// URLs) to show too, read again every poll. */
  readonly storages?: readonly string[];
  /** Open event streams at once (default MAX_EVENT_STREAMS, 64); more get 503. */
  readonly maxEventStreams?: number;
  /** Port to listen on; 0 picks a free one. Default 8321. */
  readonly port?: number;
  /** Interface to bind; default 127.0.0.1 (loopback). */
  readonly host?: string;
  /** A folder with the built page; default the bundle beside this file, built on demand. */
  readonly uiDir?: string;
  /** How often run logs and study files are checked for changes, in ms. Default 500. */
  readonly pollMs?: number;
  /** The DESCENT_DATA folder, searched for Fashion-MNIST when a run's data is rebuilt for its activation maps. */
  readonly dataDir?: string;
}

/** A running dashboard. */
export interface Dashboard {
  readonly url: string;
  readonly port: number;
  /** Whether it listens on a loopback interface only. */
  readonly loopback: boolean;
  /** Stops watching, ends event streams and closes the server. */
  close(): Promise<void>;
}

async function resolveUiDir(uiDir: string | undefined): Promise<string> {
  if (uiDir !== undefined) return uiDir;
  if (isBuiltUi(UI_DIR)) return UI_DIR;
  // Running from the sources (tsx): bundle once into a temporary folder.
  const out = join(tmpdir(), `descent-dashboard-ui-${process.pid}`);
  if (!isBuiltUi(out)) await bundleDashboardUi(out);
  return out;
}

const sendJson = (res: ServerResponse, value: unknown) => send(res, 200, JSON.stringify(value), CONTENT_TYPES['.json']);

/** What the request handler reads from: the runs and studies, the event streams, the page, the runs' data. */
interface Served {
  readonly catalog: Catalog;
  readonly hub: EventHub;
  readonly uiDir: string;
  readonly activations: ActivationDataCache;
}

/** Answers one request: the page, the JSON API, the event stream, or a run's file. */
async function handle({ catalog, hub, uiDir, activations }: Served, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
  if (path === '/' || path === '/index.html') return sendFile(res, uiDir, 'index.html');
  if (path === '/api/events') return hub.add(res);
  if (path === '/api/runs') return sendJson(res, catalog.runList());
  if (path === '/api/studies') return sendJson(res, await catalog.studyList());
  let m = /^\/api\/runs\/([0-9a-f]{12})\/activations$/.exec(path);
  if (m !== null) {
    const run = catalog.runs.get(m[1]!);
    const { status, body } = run === undefined ? { status: 404, body: { error: 'no such run' } } : activationsAnswer(activations, run, query.get('image'));
    return send(res, status, JSON.stringify(body), CONTENT_TYPES['.json']);
  }
  m = /^\/api\/runs\/([0-9a-f]{12})(\/weights)?$/.exec(path);
  if (m !== null) {
    const run = catalog.runs.get(m[1]!);
    if (run === undefined) return send(res, 404, 'no such run\n');
    const weights = catalog.weights.get(run.dir, run.root);
    if (m[2] !== undefined) return weights === null ? send(res, 404, 'no first-layer images for this run\n') : sendJson(res, weights);
    const points = Math.min(20_000, Math.max(16, Number(query.get('points') ?? 2000) || 2000));
    return sendJson(res, run.detail(points, weights !== null));
  }
  m = /^\/api\/studies\/([0-9a-f]{12})$/.exec(path);
  if (m !== null) {
    const study = await catalog.study(m[1]!);
    return study === null ? send(res, 404, 'no such study\n') : sendJson(res, study);
  }
  m = /^\/files\/([0-9a-f]{12})\/(.*)$/.exec(path);
  if (m !== null) {
    const run = catalog.runs.get(m[1]!);
    return run === undefined ? send(res, 404, 'no such run\n') : sendFile(res, run.dir, m[2]!, run.root);
  }
  if (path.startsWith('/api/')) return send(res, 404, 'not found\n');
  // Static files of the page: only the bundle's own files.
  return sendFile(res, uiDir, path.slice(1));
}

/**
 * Starts the dashboard over `paths` and resolves once it listens.
 * @throws Error from the socket (port in use, host not found).
 * @example
 * const { url, close } = await startDashboard({ paths: ['runs'], port: 0 });
 * // open url in a browser; later:
 * await close();
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopback(host);
  const uiDir = await resolveUiDir(options.uiDir);
  const catalog = new Catalog(options.paths, options.storages ?? []);
  catalog.rescan();
  const hub = new EventHub(options.maxEventStreams);
  const served: Served = { catalog, hub, uiDir, activations: new ActivationDataCache(options.dataDir) };
  const server = createServer((req, res) => {
    if (loopback && !hostAllowed(req)) return send(res, 403, 'forbidden host\n');
    handle(served, req, res).catch(() => {
      // Not the error's message: messages from the file system and SQLite name absolute paths.
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.end();
    });
  });
  const { port, url } = await listenOn(server, options.port ?? 8321, host, 'dashboard');
  let rounds = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    rounds++;
    // New run directories are looked for every 4th round; appended lines every round.
    catalog
      .poll(rounds % 4 === 0)
      .then((events) => {
        for (const e of events) hub.send(e);
        if (rounds % 30 === 0) hub.ping();
      })
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, options.pollMs ?? 500);
  return {
    url,
    port,
    loopback,
    async close() {
      clearInterval(timer);
      hub.closeAll();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      await catalog.close();
    },
  };
}
