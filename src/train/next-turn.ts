// Giving the event loop one turn: a page repaints and handles clicks, a Node service answers a
// request, a signal handler runs. A MessageChannel message is the fastest macrotask both browsers
// and Node have (a zero timeout is clamped to 4 ms in browsers once nested).

/**
 * Resolves after the event loop has run the tasks already queued.
 * @example await nextTurn();
 */
export function nextTurn(): Promise<void> {
  if (typeof MessageChannel !== 'function') return new Promise((done) => setTimeout(done, 0));
  return new Promise((done) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      done();
    };
    channel.port2.postMessage(null);
  });
}
