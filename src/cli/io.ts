// The terminal as commands see it: two writable streams and whether stdout is a TTY. Tests pass a
// capturing IO; main.ts passes the process's.

export interface IO {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is an interactive terminal (progress bars) rather than a pipe or file. */
  readonly isTTY: boolean;
  /** Environment variables (only the CLI reads them; library code never does). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Folder that relative paths on the command line resolve against. */
  readonly cwd: string;
}

export const processIO: IO = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  isTTY: process.stdout.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
};

/** Exit codes: 0 success, 1 failure or bug, 2 bad input (config, data, flags), 3 training diverged. */
// 130 and 143: stopped by SIGINT (Ctrl-C) or SIGTERM, as a shell reports 128 + the signal number.
export const EXIT = { ok: 0, failure: 1, usage: 2, diverged: 3, sigint: 130, sigterm: 143 } as const;
