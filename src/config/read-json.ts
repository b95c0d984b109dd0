// Reads a JSON file for a person: a missing file, a directory, or a syntax error gives a message
// with the file name and, for syntax errors, the line and column.
import { readFileSync, statSync } from 'node:fs';
import { ConfigError, DataError } from '../errors.js';

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

/** Reads and parses a JSON file; errors name the file. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw new DataError('expected a JSON file, found a directory', { file });
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof DataError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(error)})`, { file });
  }
  return parseJson(text, file);
}
