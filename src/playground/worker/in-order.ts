// Runs a worker's messages one after another: a message that arrives while an earlier one is still
// settling (an 'init' waiting for the wasm module to load) is handled after it, not against the
// session the earlier one has not yet built. Without this a 'play' sent right after a backend
// change found no session and was dropped, and the page showed Pause over a net that never trained.

/** Wraps `handle` so each call starts after every earlier call's promise has settled; `fail` gets what any call throws. */
export function inOrder<T>(handle: (message: T) => void | Promise<void>, fail: (error: unknown) => void): (message: T) => void {
  let last: Promise<void> = Promise.resolve();
  return (message) => {
    last = last.then(() => handle(message)).catch(fail);
  };
}
