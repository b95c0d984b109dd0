// The layout of one worker's control block in the shared memory: Int32 slots the caller and the worker
// hand a GEMM range over with Atomics. Each block takes 256 bytes so that two workers' blocks never
// share a cache line.

/** Bytes per worker's block. */
export const CONTROL_BYTES = 256;
/** The job counter: the caller bumps it (store + notify) to start a job. */
export const SEQ = 0;
/** The last job the worker finished: it stores the job's counter here and notifies. */
export const DONE = 1;
/** Non-zero: the worker returns instead of running the job (dispose). */
export const STOP = 2;
/** Non-zero: a job threw in the worker. */
export const FAILED = 3;
/**
 * The last job claimed: whoever moves it from job - 1 to job (compareExchange) runs that job, the worker
 * when it wakes in time, else the caller once its own part is done, so a worker whose core is busy
 * never holds a call up.
 */
export const CLAIM = 4;
/** The 14 arguments of gemmRange start here. */
export const ARGS = 8;
/** How many loads of the counter a waiting side spins before it blocks in Atomics.wait (some tens of microseconds). */
export const SPIN = 20000;
