// Reading a JSON file for a person: a missing file, a folder or an oversized file gets a message
// naming it; the text is parsed by ../read-json.ts.
import { statSync } from 'node:fs';
import { inputBudget } from '../../data/read-budget.js';
import { readRegularFile } from '../../data/node/read-data-file.js';
import { DataError } from '../../errors.js';
import { MAX_JSON_BYTES, parseJsonText } from '../read-json.js';

/** Reads and parses a JSON file; errors name the file. */
export function readJsonFile(file: string): unknown {
  try {
    if (statSync(file).isDirectory()) throw new DataError('expected a JSON file, found a directory', { file });
  } catch (error) {
    if (error instanceof DataError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && file.includes('\uFFFD')) {
      throw new DataError('file not found (its name holds bytes that are not valid UTF-8: rename the file)', { file });
    }
    throw new DataError(code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(error)})`, { file });
  }
  // A config is small: a file past a few MiB (or /dev/zero) is not one, and is refused unread.
  const text = readRegularFile(file, Math.min(inputBudget(), MAX_JSON_BYTES)).toString('utf8');
  return parseJsonText(text, file);
}
