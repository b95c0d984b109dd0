// Reads a JSON file for a person: a missing file, a directory, or a syntax error gives a message
// with the file name and, for syntax errors, the line and column.
import { ConfigError } from '../errors.js';
import { MAX_JSON_DEPTH, tooDeepAt } from '../nn/json-depth.js';

export { MAX_JSON_DEPTH } from '../nn/json-depth.js';

/** Line and column (1-based) of a character offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Parses JSON text, throwing a ConfigError that names `file`, line and column on a syntax error.
 * @example parseJson('{"a": 1}', 'x.json'); //=> { a: 1 }
 */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const where = at === null ? '' : (() => {
      const { line, column } = lineColumn(text, Number(at[1]));
      return ` at line ${line}, column ${column}`;
    })();
    throw new ConfigError('', `not valid JSON${where}: ${message.replace(/ in JSON at position \d+.*$/, '')}`, file);
  }
}

/** The largest config, search spec or similar JSON file read: 64 MiB. */
export const MAX_JSON_BYTES = 64 * 2 ** 20;

/**
 * Refuses JSON nested deeper than MAX_JSON_DEPTH, by one pass over the text (strings skipped), before
 * any recursive parse or validation could overflow the stack.
 * @throws ConfigError naming the file, line and column where the limit is passed.
 */
export function checkNesting(text: string, file: string): void {
  const at = tooDeepAt(text, MAX_JSON_DEPTH);
  if (at >= 0) {
    const { line, column } = lineColumn(text, at);
    throw new ConfigError('', `nested more than ${MAX_JSON_DEPTH} levels deep at line ${line}, column ${column}; a config never needs that`, file);
  }
}

/**
 * Parses the text of a config, a search spec or a model file as a file's contents: nesting checked
 * first, then JSON with the line and column of a syntax error.
 * @throws ConfigError naming `file`.
 * @example parseJsonText('{"epochs": 3}', 'my.json'); //=> { epochs: 3 }
 */
export function parseJsonText(text: string, file: string): unknown {
  checkNesting(text, file);
  return parseJson(text, file);
}
