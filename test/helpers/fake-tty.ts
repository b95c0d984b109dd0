// A stream that says it is a terminal and records what is written to it, for the progress display's
// terminal path (cli-progress asks for isTTY, columns and the event methods of a real WriteStream).

/** A fake terminal `columns` wide; `written()` is everything written so far, escapes included. */
export function fakeTty(columns = 200): { stream: NodeJS.WriteStream; written: () => string } {
  let screen = '';
  const stream = {
    isTTY: true, columns,
    write(text: string, done?: () => void) {
      screen += String(text);
      if (typeof done === 'function') done();
      return true;
    },
    on: () => stream, once: () => stream, removeListener: () => stream,
  } as unknown as NodeJS.WriteStream;
  return { stream, written: () => screen };
}
