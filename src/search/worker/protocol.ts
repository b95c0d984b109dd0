// Messages between a study process and its worker processes (over the node:child_process IPC
// channel with 'advanced' serialization, so NaN and Infinity survive).
import type { Params } from '../space.js';

/** A trial for a worker to run: the objective module (a file URL), its export, and the trial. */
export interface Job {
  readonly module: string;
  readonly exportName: string;
  readonly number: number;
  readonly params: Params;
  readonly stage: number;
  readonly epochs: number | undefined;
}

/** Parent -> worker. */
export type ToWorker =
  | { readonly type: 'run'; readonly job: Job }
  | { readonly type: 'pruneAnswer'; readonly id: number; readonly prune: boolean };

/** Worker -> parent. `load-error`: the module or its export could not be loaded (a setup mistake). */
export type FromWorker =
  | { readonly type: 'report'; readonly step: number; readonly value: number }
  | { readonly type: 'shouldPrune'; readonly id: number }
  | { readonly type: 'result'; readonly value: number }
  | { readonly type: 'pruned' }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'loadError'; readonly message: string };

/**
 * How a trial's run ended, in-process or in a worker. `value` still has to be checked (a number?)
 * and may be overridden by a prune request.
 */
export type Outcome =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'pruned' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'crash'; readonly message: string }
  | { readonly kind: 'loadError'; readonly message: string };

/**
 * The text stored for a thrown value: its stack (which starts with the message) or its string form.
 * @example errorText(new Error('boom')).startsWith('Error: boom'); //=> true
 */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
