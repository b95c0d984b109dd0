// `descent playground [--port N] [--host H]`: serves the playground page (dist/playground/ of this
// package) until interrupted. It needs no network: the page and its Worker are all in that folder.
import { PLAYGROUND_PORT, startPlayground } from '../playground-server.js';
import { parseCommandArgs, intFlag, stringFlag, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, type IO } from '../io.js';
import { untilInterrupted } from './dashboard.js';

/** The `playground` command. `stop` (tests) replaces waiting for Ctrl-C. */
export function playgroundCommandWith(stop: (url: string) => Promise<void>, dir?: string): Command {
  return {
    name: 'playground',
    summary: 'serve the playground: train small nets on 2-D data in the browser',
    usage: `descent playground [--port N (default ${PLAYGROUND_PORT})] [--host 127.0.0.1]`,
    async run(args: readonly string[], io: IO): Promise<number> {
      const parsed = parseCommandArgs('playground', args, { port: { type: 'string' }, host: { type: 'string' } }, { min: 0, max: 0, names: '' });
      const port = intFlag(parsed, 'port', 'playground', 0) ?? PLAYGROUND_PORT;
      if (port > 65535) throw new UsageError(`playground: --port expects an integer from 0 to 65535, got '${port}'`);
      const host = stringFlag(parsed, 'host') ?? '127.0.0.1';
      if (host.trim() === '') throw new UsageError("playground: --host expects an address such as 127.0.0.1, got ''");
      const server = await startPlayground({ port, host, ...(dir === undefined ? {} : { dir }) });
      if (!server.loopback) {
        io.err(`descent: warning: the playground listens on ${host}, not only on this machine: anyone who can reach it can open it\n`);
      }
      io.out(`Playground: ${server.url}  (Ctrl-C to stop)\n`);
      await stop(server.url);
      await server.close();
      return EXIT.ok;
    },
  };
}

/** `descent playground`: runs until Ctrl-C. */
export const playgroundCommand: Command = playgroundCommandWith(() => untilInterrupted());
