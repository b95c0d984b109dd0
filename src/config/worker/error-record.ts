// Errors across the worker boundary: structured cloning keeps only a plain Error's message, so a
// ConfigError thrown in the worker would reach the caller as a generic Error. The worker sends the
// class name and the fields; the caller rebuilds the same class with its own constructor, giving
// the same message, the same fields and a working instanceof.
import { ConfigError, DataError, DescentError, DivergenceError, DTypeError, IndexError, InternalError, InterruptedError,
  RunFinishedError, ShapeError } from '../../errors.js';
import { WasmUnavailableError } from '../../backend/wasm/index.js';
import { bareMessage } from '../config-file-errors.js';

/** A thrown value as plain data. */
export interface ErrorRecord {
  readonly name: string;
  readonly message: string;
  /** A ConfigError's or DataError's message without the prefix its constructor adds (file, path, location). */
  readonly bare?: string;
  readonly path?: string;
  readonly file?: string;
  readonly location?: string;
  readonly epoch?: number;
  readonly checkpointed?: boolean;
  /** The worker's stack, for errors that are bugs rather than mistakes in the input. */
  readonly stack?: string;
}

/**
 * The record of a thrown value.
 * @example errorRecord(new ConfigError('epochs', 'expected an integer', 'a.json')).bare; //=> 'expected an integer'
 */
export function errorRecord(error: unknown): ErrorRecord {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const fields: Record<string, unknown> = {};
  if (error instanceof ConfigError) Object.assign(fields, { bare: bareMessage(error), path: error.path, file: error.file });
  if (error instanceof DataError) Object.assign(fields, { bare: dataBare(error), file: error.file, location: error.location });
  if (error instanceof InterruptedError) Object.assign(fields, { epoch: error.epoch, checkpointed: error.checkpointed });
  const user = error instanceof DescentError && error.isUserError;
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return { name: error.name, message: error.message, ...defined, ...(user || error.stack === undefined ? {} : { stack: error.stack }) };
}

/** A DataError's message without the "file, location: " its constructor puts in front. */
function dataBare(error: DataError): string {
  const prefix = [error.file, error.location].filter((s) => s !== undefined).join(', ');
  return prefix !== '' && error.message.startsWith(`${prefix}: `) ? error.message.slice(prefix.length + 2) : error.message;
}

function dataError(r: ErrorRecord, make: (message: string, where: { file?: string; location?: string }) => DataError): DataError {
  const where = { ...(r.file === undefined ? {} : { file: r.file }), ...(r.location === undefined ? {} : { location: r.location }) };
  return make(r.bare ?? r.message, where);
}

const PLAIN: Record<string, new (message: string) => Error> = {
  ShapeError, DTypeError, DivergenceError, InternalError, IndexError, WasmUnavailableError, DescentError,
  TypeError, RangeError, SyntaxError, Error,
};

/**
 * The error a record describes, as the class it was thrown as (a plain Error named as the record
 * says for classes this side does not know).
 * @example errorFrom(errorRecord(new ConfigError('epochs', 'bad'))) instanceof ConfigError; //=> true
 */
export function errorFrom(r: ErrorRecord): Error {
  let error: Error;
  if (r.name === 'ConfigError') error = new ConfigError(r.path ?? '', r.bare ?? r.message, r.file);
  else if (r.name === 'DataError') error = dataError(r, (m, w) => new DataError(m, w));
  else if (r.name === 'RunFinishedError') error = dataError(r, (m, w) => new RunFinishedError(m, w));
  else if (r.name === 'InterruptedError') error = new InterruptedError(r.epoch ?? 0, r.checkpointed === true);
  else {
    const Known = PLAIN[r.name];
    error = Known === undefined ? Object.assign(new Error(r.message), { name: r.name }) : new Known(r.message);
  }
  if (r.stack !== undefined) error.stack = `${error.name}: ${error.message}\n    (in the training worker)\n${r.stack.split('\n').slice(1).join('\n')}`;
  return error;
}
