// The flags of `descent bench`, checked together before anything is timed: the backend request
// (--backend and --threads over DESCENT_BACKEND and DESCENT_THREADS) and what to run (W1, or the GEMM
// table with --gemm). A value out of range, or a flag that the chosen run ignores, is a UsageError.
import { boolFlag, intFlag, type ParsedArgs, stringFlag, UsageError } from '../args.js';
import { backendRequestFromEnv, type BackendRequest, MAX_THREADS } from '../backend-choice.js';

/** What `descent bench` was asked to do. */
export interface BenchFlags {
  readonly request: BackendRequest;
  /** w1 (the MLP, default) or w4 (the convnet). */
  readonly workload: 'w1' | 'w4';
  readonly gemm: boolean;
  readonly json: boolean;
  readonly epochs: number;
  readonly steps: number | undefined;
  readonly dataDir: string | undefined;
  readonly synthetic: boolean;
}

// The flags that only the workloads read: --gemm times the products alone and would drop them silently.
const W1_ONLY = ['steps', 'epochs', 'synthetic', 'data', 'workload'];

function threadsFlag(parsed: ParsedArgs): number | undefined {
  const raw = stringFlag(parsed, 'threads');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new UsageError(`bench: --threads expects an integer from 1 to ${MAX_THREADS}, got '${raw}'`);
  }
  return n;
}

/**
 * Checks and reads the parsed flags of `descent bench`.
 * @throws UsageError for --threads outside 1..256, --threads with --backend cpu, a W1-only flag with
 * --gemm, or --epochs/--steps below 1; ConfigError (from the environment) for a bad DESCENT_THREADS.
 * @example benchFlags(parsed, {}).request; //=> { backend: 'wasm', from: '--backend', threads: 2 } for --backend wasm --threads 2
 */
export function benchFlags(parsed: ParsedArgs, env: Readonly<Record<string, string | undefined>>): BenchFlags {
  const fromEnv = backendRequestFromEnv(env);
  const threads = threadsFlag(parsed);
  const backend = stringFlag(parsed, 'backend');
  if (threads !== undefined && backend === 'cpu') {
    throw new UsageError('bench: --threads applies to the native and wasm backends, not to --backend cpu');
  }
  const gemm = boolFlag(parsed, 'gemm');
  const ignored = gemm ? W1_ONLY.find((name) => parsed.values[name] !== undefined) : undefined;
  if (ignored !== undefined) throw new UsageError(`bench: --${ignored} applies to the workloads (W1, W4), not to --gemm (which times the products alone)`);
  const dataDir = stringFlag(parsed, 'data') ?? env.DESCENT_DATA;
  const workload = stringFlag(parsed, 'workload') ?? 'w1';
  if (workload !== 'w1' && workload !== 'w4') {
    throw new UsageError(`bench: --workload expects w1 (the Fashion-MNIST MLP) or w4 (the convnet), got '${workload}'`);
  }
  return {
    request: {
      ...fromEnv,
      ...(threads === undefined ? {} : { threads }),
      ...(backend === undefined ? {} : { backend, from: '--backend' }),
    },
    workload,
    gemm,
    json: boolFlag(parsed, 'json'),
    epochs: intFlag(parsed, 'epochs', 'bench', 1) ?? 1,
    steps: intFlag(parsed, 'steps', 'bench', 1),
    dataDir,
    synthetic: boolFlag(parsed, 'synthetic'),
  };
}
