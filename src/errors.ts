// Typed errors. A DescentError subclass marked `isUserError` is a mistake in the user's input (config,
// data, model file, arguments): the CLI prints its message without a stack trace and exits 2.

/** Base class of every error descent throws on purpose. */
export class DescentError extends Error {
  /** True when the error describes bad input from a person, not a bug in descent. */
  readonly isUserError: boolean = true;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Shapes that do not fit together; the message names every shape involved. */
export class ShapeError extends DescentError {}

/** A dtype that an operation does not accept, or two operands whose dtypes differ. */
export class DTypeError extends DescentError {}

/** A bad value in a config or a factory's options; `path` is the field path, e.g. `model.2.rate`. */
export class ConfigError extends DescentError {
  readonly path: string;
  readonly file: string | undefined;
  constructor(path: string, message: string, file?: string) {
    super(`${file !== undefined ? `${file}: ` : ''}${path === '' ? '' : `${path}: `}${message}`);
    this.path = path;
    this.file = file;
  }
}

/** A data or model file that cannot be read as what it claims to be; names the file and place. */
export class DataError extends DescentError {
  readonly file: string | undefined;
  readonly location: string | undefined;
  constructor(message: string, where: { file?: string; location?: string } = {}) {
    const prefix = [where.file, where.location].filter((s) => s !== undefined).join(', ');
    super(prefix === '' ? message : `${prefix}: ${message}`);
    this.file = where.file;
    this.location = where.location;
  }
}

/** Training produced a NaN or infinite loss. */
export class DivergenceError extends DescentError {}

/** A broken internal invariant: always a bug in descent, never the user's fault. */
export class InternalError extends DescentError {
  override readonly isUserError = false;
}

/** Throws InternalError when `condition` is false. For invariants only, never for user input. */
export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new InternalError(message);
}

/** An index out of range, e.g. a class label >= the number of classes. */
export class IndexError extends DescentError {}

/** Training was asked to stop (SIGINT, SIGTERM) and stopped at an epoch end. */
export class InterruptedError extends DescentError {
  readonly epoch: number;
  readonly checkpointed: boolean;
  constructor(epoch: number, checkpointed: boolean) {
    super(`training was interrupted after epoch ${epoch}${checkpointed ? ' (checkpoint written)' : ''}`);
    this.epoch = epoch;
    this.checkpointed = checkpointed;
  }
}

/** `resume` of a run whose log already ends it: there is nothing to continue. */
export class RunFinishedError extends DataError {}
