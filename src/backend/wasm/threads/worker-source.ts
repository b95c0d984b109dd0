// The code each GEMM worker runs, as a string: a worker is started from source text (a Blob URL in a
// browser, `eval` in Node, whose prelude is in ../node/spawn-worker.ts), so the bundle carries it inline with no second file. The worker instantiates
// the kernel module on the shared memory, says it is ready, then loops: wait for the job counter to
// move (spin briefly, then Atomics.wait), claim the job (the caller may have claimed it first), run
// gemmRange on the arguments in its control block, store the counter in DONE and notify. It never returns to its event loop while it serves jobs.
import { ARGS, CLAIM, DONE, FAILED, SEQ, SPIN, STOP } from './control.js';

/** The worker's loop: `start(data, reply)`; each engine's spawner appends how the first message reaches it. */
export const WORKER_BODY = `'use strict';
async function start(data, reply) {
  let instance;
  try {
    instance = (await WebAssembly.instantiate(data.module, { env: { memory: data.memory } }));
  } catch (error) {
    reply({ error: String(error && error.message ? error.message : error) });
    return;
  }
  const gemmRange = instance.exports.gemmRange;
  const ctl = new Int32Array(data.memory.buffer, data.control, 64);
  const a = ${ARGS};
  let seen = Atomics.load(ctl, ${SEQ});
  reply({ ready: true });
  for (;;) {
    let s = Atomics.load(ctl, ${SEQ});
    for (let i = 0; s === seen && i < ${SPIN}; i++) s = Atomics.load(ctl, ${SEQ});
    while (s === seen) {
      Atomics.wait(ctl, ${SEQ}, seen);
      s = Atomics.load(ctl, ${SEQ});
    }
    seen = s;
    if (Atomics.load(ctl, ${STOP}) !== 0) return;
    // The caller ran this job itself (the worker woke too late): nothing to do.
    if (Atomics.compareExchange(ctl, ${CLAIM}, s - 1, s) !== s - 1) continue;
    try {
      gemmRange(ctl[a], ctl[a + 1], ctl[a + 2], ctl[a + 3], ctl[a + 4], ctl[a + 5], ctl[a + 6], ctl[a + 7],
        ctl[a + 8], ctl[a + 9], ctl[a + 10], ctl[a + 11], ctl[a + 12], ctl[a + 13]);
    } catch (error) {
      Atomics.store(ctl, ${FAILED}, 1);
    }
    Atomics.store(ctl, ${DONE}, s);
    Atomics.notify(ctl, ${DONE});
  }
}
`;

/** The worker's source for a Web Worker (the first message carries the module, memory and control block). */
export const BROWSER_WORKER_SOURCE = `${WORKER_BODY}
self.onmessage = (event) => { self.onmessage = null; start(event.data, (m) => self.postMessage(m)); };
`;
