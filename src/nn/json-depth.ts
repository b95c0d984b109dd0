// How deeply JSON text nests, found by one pass over the characters (strings skipped) before any
// recursive parse, check or walk of the value could overflow the stack on hostile input.

/** How deeply arrays and objects may nest in a config or model file: far past any real one, well short of the stack. */
export const MAX_JSON_DEPTH = 64;

/**
 * The offset of the first '[' or '{' that opens level `maxDepth + 1`, or -1 when the text nests no
 * deeper than `maxDepth`.
 * @example tooDeepAt('[[1]]', 1); //=> 1
 */
export function tooDeepAt(text: string, maxDepth: number = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}
