// The JSONL run log (metrics.jsonl): one typed record per line, appended and never rewritten. It
// is the one interface the CLI, the dashboard, the doctor and the search glue read.

/** Written once when a run starts. */
export interface StartEvent {
  readonly type: 'start';
  readonly time: string;
  readonly name: string;
  readonly config: unknown;
  readonly parameters: number;
  readonly trainSize: number;
  readonly valSize: number;
  readonly testSize: number;
  readonly stepsPerEpoch: number;
  readonly backend: string;
  /** Set when this start continues an earlier run from a checkpoint. */
  readonly resumedFromEpoch?: number;
}

/**
 * One optimizer step. `t` is time in epochs (fractional within an epoch). `loss` is the data loss
 * of the step's minibatch (before its update); with regularization, `penalty` is the term added to
 * it for the gradient (L1/L2 of the weights), so the minimized objective is `loss + penalty`.
 */
export interface IterationEvent {
  readonly type: 'iteration';
  readonly step: number;
  readonly t: number;
  readonly loss: number;
  readonly penalty?: number;
  readonly lr: number;
  readonly momentum?: number;
}

/** The end of an epoch: losses, accuracies and health figures. */
export interface EpochEvent {
  readonly type: 'epoch';
  readonly epoch: number;
  readonly step: number;
  readonly seconds: number;
  readonly lr: number;
  /**
   * Running figures of the epoch's minibatches in training mode (dropout on), each taken before
   * its step's update: the mean data loss (no regularization penalty) and the fraction correct.
   */
  readonly trainLoss: number;
  readonly trainAccuracy?: number;
  /** Evaluated on the validation split with the weights the epoch ended with (eval mode). */
  readonly valLoss?: number;
  readonly valAccuracy?: number;
  /** Norm of the last update over norm of the weights, per parameter tensor (healthy: ~1e-3). */
  readonly updateRatios: Readonly<Record<string, number>>;
  /** Fraction of relu units never active on a validation (or training) batch, per relu layer. */
  readonly deadRelu: Readonly<Record<string, number>>;
}

/** What a training watcher warns of (src/train/watch). */
export type WarningKind = 'initial-loss' | 'loss-rise' | 'update-ratio' | 'dead-relu' | 'overfitting';

/**
 * A symptom seen while training (written at most once per kind and tensor). Readers older than
 * this record skip it: they pick the records they know by `type`.
 */
export interface WarningEvent {
  readonly type: 'warning';
  readonly kind: WarningKind;
  /** One line for a person: the figure, its value, the expectation and what to try. */
  readonly message: string;
  /** The epoch it was seen in (1-based), and the global step. */
  readonly epoch: number;
  readonly step: number;
  /** The parameter tensor or layer it concerns, for per-tensor kinds. */
  readonly tensor?: string;
}

/** Written once when a run ends, whatever the reason. 'stopped-by-warning': a strict run's first warning. */
export interface EndEvent {
  readonly type: 'end';
  readonly status: 'finished' | 'diverged' | 'stopped-early' | 'aborted' | 'stopped-by-warning';
  readonly epochs: number;
  readonly seconds: number;
  readonly bestEpoch?: number;
  readonly message?: string;
  readonly testAccuracy?: number;
  readonly testLoss?: number;
}

export type RunEvent = StartEvent | IterationEvent | EpochEvent | WarningEvent | EndEvent;

/** Events of a run log and the lines that could not be read. */
export interface RunLog {
  readonly events: RunEvent[];
  /** 1-based line numbers and reasons for lines skipped as corrupt (a torn last line is not one). */
  readonly problems: { line: number; reason: string }[];
}

/**
 * Parses metrics.jsonl text. A torn line (a process killed mid-write) is ignored silently when it
 * is the last line or when the next record is the resumed run's start; any other unreadable line
 * is skipped and reported in `problems`.
 */
export function parseRunLog(text: string): RunLog {
  const lines = text.split('\n');
  const complete = text.endsWith('\n');
  const events: RunEvent[] = [];
  const problems: { line: number; reason: string }[] = [];
  let pending: { line: number; reason: string } | undefined;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const isLast = i === lines.length - 1;
    try {
      const value = JSON.parse(line) as { type?: unknown; resumedFromEpoch?: unknown };
      if (typeof value !== 'object' || value === null || typeof value.type !== 'string') throw new Error('no event type');
      // A line torn by a kill and then followed by the resumed run's start is not corruption.
      const resumed = value.type === 'start' && typeof value.resumedFromEpoch === 'number';
      if (pending !== undefined && !resumed) problems.push(pending);
      pending = undefined;
      events.push(value as RunEvent);
    } catch (error) {
      if (pending !== undefined) problems.push(pending);
      pending = undefined;
      if (isLast && !complete) return;
      pending = { line: i + 1, reason: error instanceof Error ? error.message : String(error) };
    }
  });
  if (pending !== undefined) problems.push(pending);
  return { events, problems };
}

/** Where fit sends its events: a file in Node (node/run-log-file.ts), anything with these methods elsewhere. */
export interface RunLogSink {
  write(event: RunEvent): void;
  /** Called at epoch ends and at the end, so buffered records reach their reader. */
  flush?(): void;
}
