// The only module-level mutable state in descent: grad mode, default dtype, default backend, the
// default random generator, the buffer pool of the training step running now and the input budget
// the CLI chose. Each is changed through a scoped helper that restores it in `finally`.
import type { Backend, DType } from './backend/backend.js';
import { cpuBackend } from './backend/cpu/index.js';
import type { BufferPool } from './tensor/buffer-pool.js';
import { Rng } from './tensor/rng.js';

interface Context {
  gradEnabled: boolean;
  dtype: DType;
  backend: Backend;
  rng: Rng;
  pool: BufferPool | null;
  inputBudget: number | undefined;
}

const ctx: Context = { gradEnabled: true, dtype: 'float32', backend: cpuBackend, rng: new Rng(0), pool: null, inputBudget: undefined };

function scoped<K extends keyof Context, T>(key: K, value: Context[K], fn: () => T): T {
  const previous = ctx[key];
  ctx[key] = value;
  try {
    return fn();
  } finally {
    ctx[key] = previous;
  }
}

/** Whether ops record the graph for backward (false inside `noGrad`). */
export const isGradEnabled = (): boolean => ctx.gradEnabled;

/**
 * Runs `fn` without recording the autograd graph: for evaluation, and for parameter updates.
 * @example
 * const logits = noGrad(() => model.forward(x)); // logits.requiresGrad === false
 */
export const noGrad = <T>(fn: () => T): T => scoped('gradEnabled', false, fn);

/** Runs `fn` with graph recording switched on or off. */
export const withGrad = <T>(enabled: boolean, fn: () => T): T => scoped('gradEnabled', enabled, fn);

/** The dtype that creation functions use when none is given (float32 unless changed). */
export const defaultDtype = (): DType => ctx.dtype;

/** Runs `fn` with another default dtype, e.g. float64 for gradient checks. */
export const withDtype = <T>(dtype: DType, fn: () => T): T => scoped('dtype', dtype, fn);

/** The backend new tensors are created on. */
export const defaultBackend = (): Backend => ctx.backend;

/** Runs `fn` with another default backend. */
export const withBackend = <T>(backend: Backend, fn: () => T): T => scoped('backend', backend, fn);

/** Sets the default backend for the rest of the process (the CLI does this once at start). */
export function setDefaultBackend(backend: Backend): void {
  ctx.backend = backend;
}

/** The pool serving allocBuf inside a training step (BufferPool.run), or null. */
export const activeBufferPool = (): BufferPool | null => ctx.pool;

/** Runs `fn` with `pool` serving allocBuf (BufferPool.run calls this). */
export const withBufferPool = <T>(pool: BufferPool | null, fn: () => T): T => scoped('pool', pool, fn);

/** The generator used by random creation functions when no `rng` or `seed` is passed. */
export const defaultRng = (): Rng => ctx.rng;

/**
 * Reseeds the default generator (like torch.manual_seed). Library code that needs randomness takes
 * an explicit `rng` or `seed`; the default generator serves quick scripts and the REPL.
 */
export function manualSeed(seed: number): void {
  ctx.rng = new Rng(seed);
}

/** Runs `fn` with the default generator seeded by `seed`, then restores the previous generator. */
export const withSeed = <T>(seed: number, fn: () => T): T => scoped('rng', new Rng(seed), fn);

/** The input budget in bytes set by withInputBudget, or undefined (readers then use their default). */
export const configuredInputBudget = (): number | undefined => ctx.inputBudget;

/**
 * Runs the asynchronous `fn` with the input budget `bytes` (undefined: the default), restoring the
 * previous one when it settles. The CLI sets it once per command from DESCENT_MAX_INPUT_BYTES.
 * @example await withInputBudget(2 ** 30, () => command.run(args, io));
 */
export async function withInputBudget<T>(bytes: number | undefined, fn: () => Promise<T>): Promise<T> {
  const previous = ctx.inputBudget;
  ctx.inputBudget = bytes;
  try {
    return await fn();
  } finally {
    ctx.inputBudget = previous;
  }
}
