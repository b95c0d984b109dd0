// Command-line flags, parsed with Node's own util.parseArgs; any mistake becomes a UsageError
// (exit 2, the command's usage printed, no stack trace).
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Parsed flags and positionals. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: string[];
}
import { DescentError } from '../errors.js';
import { didYouMean } from '../suggest.js';

/** A mistake on the command line. */
export class UsageError extends DescentError {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses `args` against `options`, requiring between `min` and `max` positionals.
 * @throws UsageError naming the unknown flag (with a suggestion) or the missing argument.
 */
export function parseCommandArgs<O extends Options>(
  command: string,
  args: readonly string[],
  options: O,
  positionals: { min: number; max: number; names: string },
): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const flag = /'(--?[\w-]+)'/.exec(message)?.[1];
    const hint = flag === undefined ? '' : didYouMean(flag.replace(/^-+/, ''), Object.keys(options)).replace("'", "'--");
    throw new UsageError(`${command}: ${message.replace(/\. To specify a positional.*$/s, '')}${hint}`);
  }
  const n = parsed.positionals.length;
  if (n < positionals.min) throw new UsageError(`${command}: missing ${positionals.names}`);
  if (n > positionals.max) throw new UsageError(`${command}: unexpected argument '${parsed.positionals[positionals.max]}'`);
  return parsed;
}

/** The value of a string flag, or undefined. */
export function stringFlag(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** Whether a boolean flag was given. */
export function boolFlag(parsed: ParsedArgs, name: string): boolean {
  return parsed.values[name] === true;
}

/** A numeric flag: an integer >= min, or undefined when absent. @throws UsageError otherwise. */
export function intFlag(parsed: ParsedArgs, name: string, command: string, min = 0): number | undefined {
  const v = stringFlag(parsed, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${command}: --${name} expects an integer >= ${min}, got '${v}'`);
  return n;
}
