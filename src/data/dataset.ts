// The in-memory dataset every source produces and every consumer (splits, batches, preprocessing,
// training) reads: features and targets as flat row-major typed arrays.

/**
 * Features `x` (n x d) and targets `y` (n x yDim), both row-major float32.
 * For classification yDim is 1 and y holds class indices (whole numbers); for regression y holds
 * values. Which of the two applies follows from the loss, not the source.
 * @example
 * const ds: Dataset = { x: new Float32Array([0, 1, 2, 3]), n: 2, d: 2, y: new Float32Array([0, 1]), yDim: 1, source: 'inline' };
 */
export interface Dataset {
  readonly x: Float32Array;
  readonly n: number;
  readonly d: number;
  readonly y: Float32Array;
  readonly yDim: number;
  /** Number of classes, when the source knows it (spiral, digits, fashion-mnist). */
  readonly classes?: number;
  /** The name of each class, in class order, when the labels were names ("setosa"). */
  readonly classNames?: readonly string[];
  /** Things about the input that look wrong but do not stop reading it, each naming the file and line. */
  readonly warnings?: readonly string[];
  /** Where the data came from, for messages: a file path or a generator name. */
  readonly source: string;
  /** [height, width] when each row is an image (digits, Fashion-MNIST): lets tools draw weights. */
  readonly imageShape?: readonly [number, number];
  /**
   * The shape of one sample, e.g. [channels, height, width] = [1, 8, 8] for digits, when a row is more
   * than a flat feature vector; its product is d. Absent for flat data. Models with image layers take
   * it as their input shape; preprocessing that changes the number of features drops it.
   */
  readonly shape?: readonly number[];
}
