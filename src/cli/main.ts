#!/usr/bin/env node
// Entry point of the `descent` command: parse the command name, dispatch, and turn errors into
// exit codes. A user's mistake (DescentError with isUserError), or a system error about the
// machine's state (a full disk, a read-only folder) naming its path, prints one message and exits
// 2; anything else exits 1, with a stack trace only under --debug.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DescentError, DivergenceError } from '../errors.js';
import { withInputBudget } from '../context.js';
import { inputBudgetFromEnv } from '../data/read-budget.js';
import { UsageError } from './args.js';
import type { Command } from './command.js';
import { predictCommand } from './commands/predict.js';
import { searchCommand } from './commands/search.js';
import { dashboardCommand } from './commands/dashboard.js';
import { playgroundCommand } from './commands/playground.js';
import { trainCommand } from './commands/train.js';
import { doctorCommand } from './commands/doctor.js';
import { gradcheckCommand } from './commands/gradcheck.js';
import { benchCommand } from './commands/bench.js';
import { infoCommand } from './commands/info.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { versionLine, withChosenBackend } from './backend-choice.js';
import { EXIT, type IO, processIO } from './io.js';
import { packageVersion } from './version.js';
import { didYouMean } from '../suggest.js';

const COMMANDS: readonly Command[] = [trainCommand, predictCommand, searchCommand, dashboardCommand, playgroundCommand, doctorCommand, gradcheckCommand, benchCommand, infoCommand, exportCommand, importCommand];

function help(io: IO): number {
  io.out(`descent ${packageVersion()}: train neural networks from TypeScript or a JSON config\n\n`);
  io.out('Usage: descent <command> [options]\n\nCommands:\n');
  for (const c of COMMANDS) io.out(`  ${c.name.padEnd(12)}${c.summary}\n`);
  io.out('\n  descent <command> --help   the options of one command\n');
  io.out('  --version   print the version and the backend\n  --debug     show stack traces for internal errors\n');
  return EXIT.ok;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: IO = processIO): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h') return help(io);
  if (name === 'help') return rest[0] === undefined ? help(io) : main([rest[0], '--help'], io);
  if (name === '--version' || name === '-v') {
    io.out(await versionLine(packageVersion(), io));
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    const names = COMMANDS.map((c) => c.name);
    const hint = didYouMean(name, names);
    io.err(`descent: unknown command '${name}'${hint === '' ? " (try 'descent help')" : hint}\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`descent ${command.name}: ${command.summary}\nusage: ${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    // The input budget is read here, once, so that the readers below never look at the environment.
    const budget = inputBudgetFromEnv(io.env);
    return await withInputBudget(budget, () => withChosenBackend(io, () => command.run(rest, io)));
  } catch (error) {
    if (error instanceof UsageError) io.err(`usage: ${command.usage}\n`);
    return reportError(error, io, debug);
  }
}

/**
 * System errors that describe the machine's state, not a bug: a full disk, a read-only or failing
 * file system, a path whose folder is a file. Any that reaches here unwrapped names its path.
 */
const ENVIRONMENT_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR']);

function environmentError(error: unknown): { code: string; path: string; message: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || !ENVIRONMENT_ERRORS.has(code) || typeof path !== 'string') return undefined;
  return { code, path, message: error.message };
}

function reportError(error: unknown, io: IO, debug: boolean): number {
  const system = environmentError(error);
  if (system !== undefined) {
    io.err(`descent: ${system.path}: ${system.code === 'ENOSPC' || system.code === 'EDQUOT' ? 'the disk is full' : 'cannot read or write it'} (${system.message})\n`);
    if (debug && error instanceof Error && error.stack !== undefined) io.err(`${error.stack}\n`);
    return EXIT.usage;
  }
  if (error instanceof DescentError && error.isUserError) {
    io.err(`descent: ${error.message}\n`);
    if (debug && error.stack !== undefined) io.err(`${error.stack}\n`);
    return error instanceof DivergenceError ? EXIT.diverged : EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`descent: internal error: ${message}\n`);
  if (debug && error instanceof Error && error.stack !== undefined) io.err(`${error.stack}\n`);
  else io.err('(run again with --debug for the stack trace)\n');
  return EXIT.failure;
}

// Run only when executed as a program (not when imported by tests).
const self = fileURLToPath(import.meta.url);
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === self) {
  // A reader that closes early (`descent ... | head`) is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  process.exitCode = await main(process.argv.slice(2));
}
