// `descent dashboard [DIR ...] [--storage postgresql://...] [--port N] [--host H]`: serves the
// dashboard over run directories, study files and study databases until interrupted.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDashboard } from '../../dashboard/server.js';
import { checkReachable } from '../../search/node/storage/open-storage.js';
import { isPostgresUrl, parsePostgresUrl } from '../../search/node/storage/postgres-url.js';
import { parseCommandArgs, intFlag, stringFlag, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, type IO } from '../io.js';

/** Resolves when the process is asked to stop (Ctrl-C or SIGTERM). */
export function untilInterrupted(): Promise<void> {
  return new Promise((ok) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.off('disconnect', stop);
      ok();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    // Started beside `descent train` (with an IPC channel): a parent that dies, even by SIGKILL,
    // closes the channel, and the dashboard must not go on holding the port. process.send stays
    // defined after the channel closed; a channel closed before now has already said so.
    if (process.connected) process.on('disconnect', stop);
    else if (process.send !== undefined) stop();
  });
}

/** The `dashboard` command. `stop` (tests) replaces waiting for Ctrl-C. */
export function dashboardCommandWith(stop: (url: string) => Promise<void>): Command {
  return {
    name: 'dashboard',
    summary: 'serve a live web dashboard of run directories and search studies',
    usage: 'descent dashboard [DIR|STUDY.db ...] [--storage postgresql://USER@HOST:PORT/DB ...] [--port N] [--host 127.0.0.1]',
    async run(args: readonly string[], io: IO): Promise<number> {
      const parsed = parseCommandArgs('dashboard', args, {
        port: { type: 'string' },
        host: { type: 'string' },
        storage: { type: 'string', multiple: true },
      }, { min: 0, max: Infinity, names: 'paths' });
      const port = intFlag(parsed, 'port', 'dashboard', 0) ?? 8321;
      if (port > 65535) throw new UsageError(`dashboard: --port expects an integer from 0 to 65535, got '${port}'`);
      const host = stringFlag(parsed, 'host') ?? '127.0.0.1';
      const given = parsed.values['storage'];
      const storages = (Array.isArray(given) ? given : []).map(String);
      for (const url of storages) {
        if (!isPostgresUrl(url)) throw new UsageError(`dashboard: --storage takes a postgresql:// URL (give a study file as a path), got '${url}'`);
        // Reached once now, so that a wrong URL or password is one message instead of an empty page.
        parsePostgresUrl(url, io.env, '--storage');
        await checkReachable(url);
      }
      const defaultPaths = storages.length > 0 ? [] : ['runs'];
      const paths = (parsed.positionals.length === 0 ? defaultPaths : parsed.positionals).map((p) => resolve(io.cwd, p));
      const missing = paths.filter((p) => !existsSync(p));
      if (missing.length > 0) throw new UsageError(`dashboard: no such file or directory: ${missing.join(', ')}`);
      // DESCENT_DATA is where a run's Fashion-MNIST came from, as for descent train.
      const dataDir = io.env.DESCENT_DATA;
      const dashboard = await startDashboard({ paths, port, host, storages, ...(dataDir === undefined ? {} : { dataDir }) });
      if (!dashboard.loopback) {
        io.err(`descent: warning: the dashboard listens on ${host}, not only on this machine: anyone who can reach it can read these runs\n`);
      }
      io.out(`Dashboard: ${dashboard.url}  (${paths.join(', ')}; Ctrl-C to stop)\n`);
      await stop(dashboard.url);
      await dashboard.close();
      return EXIT.ok;
    },
  };
}

/** `descent dashboard`: runs until Ctrl-C. */
export const dashboardCommand: Command = dashboardCommandWith(() => untilInterrupted());
