// The shape of a CLI command: src/cli/commands/<name>.ts exports one of these; main.ts dispatches.
import type { IO } from './io.js';

export interface Command {
  readonly name: string;
  /** One line for `descent help`. */
  readonly summary: string;
  /** Usage text shown by `descent help <name>` and on a usage error. */
  readonly usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[], io: IO): Promise<number>;
}
