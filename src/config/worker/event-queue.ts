// The async iterator of a worker run's events: events are queued as they arrive and handed to
// `for await` in order; the iteration ends when the run settles, or throws the run's error.

/** A push-driven async iterator. */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiting: { resolve: (r: IteratorResult<T>) => void; reject: (error: unknown) => void } | null = null;
  private ended: { error?: unknown } | null = null;

  push(item: T): void {
    if (this.ended !== null) return;
    const w = this.waiting;
    if (w === null) this.items.push(item);
    else {
      this.waiting = null;
      w.resolve({ value: item, done: false });
    }
  }

  /** No more items: a waiting and every later next() sees the end, or `error` once the queue is empty. */
  close(error?: unknown): void {
    if (this.ended !== null) return;
    this.ended = error === undefined ? {} : { error };
    const w = this.waiting;
    this.waiting = null;
    if (w !== null) this.settle(w.resolve, w.reject);
  }

  private settle(resolve: (r: IteratorResult<T>) => void, reject: (error: unknown) => void): void {
    const ended = this.ended!;
    if ('error' in ended) {
      // Thrown once: later calls just end.
      const { error } = ended;
      this.ended = {};
      reject(error);
    } else resolve({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    return new Promise((resolve, reject) => {
      if (this.ended !== null) this.settle(resolve, reject);
      else this.waiting = { resolve, reject };
    });
  }

  /** A `break` out of `for await`: later events are dropped (the run goes on; abort it with its signal). */
  return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.ended = {};
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
