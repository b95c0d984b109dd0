// The input budget: the most bytes descent reads from one file (data, config, model, search spec),
// counted after decompression. Every reader checks a file's size, or the size its header declares,
// against it before allocating or decompressing, so a huge or endless input is refused at once
// with a message instead of filling memory for minutes and dying out of heap.
import { ConfigError } from '../errors.js';
import { configuredInputBudget } from '../context.js';

/**
 * The default budget, 2 GiB (2^31 bytes). A fixed number rather than a share of the machine's
 * memory, so that one file is accepted or refused alike on every machine (and in every test). It
 * is 40 times Fashion-MNIST's largest file (47 MB), and already generous: an unsigned-byte IDX file
 * of 2 GiB becomes 8 GiB of float32 features, before the copies that splitting and batching make.
 * It also stays under the 4 GiB a Node 20 Buffer can hold. Larger inputs are a deliberate choice,
 * made with DESCENT_MAX_INPUT_BYTES.
 */
export const DEFAULT_MAX_INPUT_BYTES = 2 ** 31;

/** The environment variable the CLI reads the budget from. */
export const INPUT_BUDGET_VARIABLE = 'DESCENT_MAX_INPUT_BYTES';

/**
 * The budget in force: the one the CLI set for this command (from DESCENT_MAX_INPUT_BYTES), else
 * DEFAULT_MAX_INPUT_BYTES. Readers take an explicit `maxBytes` option first.
 * @example inputBudget(); //=> 2147483648
 */
export function inputBudget(): number {
  return configuredInputBudget() ?? DEFAULT_MAX_INPUT_BYTES;
}

/**
 * A byte count for a person: bytes below 1 KiB, else binary units with up to one decimal.
 * @example formatBytes(2 ** 31); //=> '2 GiB'
 * @example formatBytes(1536); //=> '1.5 KiB'
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} bytes`;
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded : rounded.toFixed(1)} ${units[unit]}`;
}

/**
 * The message for an input over the budget: `what` says what is too big (e.g. "the file is").
 * @example overBudget('the file is', 3 * 2 ** 30, 2 ** 31);
 * //=> 'the file is 3 GiB (3221225472 bytes), over the 2 GiB input budget (set DESCENT_MAX_INPUT_BYTES to raise it)'
 */
export function overBudget(what: string, bytes: number, budget: number): string {
  return (
    `${what} ${formatBytes(bytes)} (${bytes} bytes), over the ${formatBytes(budget)} input budget ` +
    `(set ${INPUT_BUDGET_VARIABLE} to raise it)`
  );
}

const UNITS: Readonly<Record<string, number>> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/**
 * Parses a budget as written in DESCENT_MAX_INPUT_BYTES: a whole number of bytes, optionally with a
 * binary unit K, M, G or T (also written KiB, KB, ...): "4G" is 4 * 2^30 bytes.
 * @throws ConfigError naming the variable for anything else, or a budget below 1 byte.
 * @example parseInputBudget('512M'); //=> 536870912
 */
export function parseInputBudget(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const bytes = match === null ? NaN : Math.floor(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!);
  if (!(bytes >= 1 && bytes <= Number.MAX_SAFE_INTEGER)) {
    throw new ConfigError(
      INPUT_BUDGET_VARIABLE,
      `expected a number of bytes such as 4294967296, 512M or 8G, got ${JSON.stringify(text)}`,
    );
  }
  return bytes;
}

/**
 * The budget the environment asks for, or undefined for the default (unset or empty).
 * @throws ConfigError for a value parseInputBudget rejects.
 * @example inputBudgetFromEnv({ DESCENT_MAX_INPUT_BYTES: '1G' }); //=> 1073741824
 */
export function inputBudgetFromEnv(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const text = env[INPUT_BUDGET_VARIABLE];
  return text === undefined || text === '' ? undefined : parseInputBudget(text);
}
