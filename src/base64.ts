// Strict base64 (RFC 4648, with padding) for the parameter bytes of model files and checkpoints and
// for the inlined WebAssembly modules; at the top of src/ so that every layer, the backends too, can
// use it. Written here rather than taken from Node's Buffer, which silently skips invalid characters
// (a damaged file must fail), and to run in any JavaScript engine.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = 61; // '='

/**
 * The base64 text of `bytes`.
 * @example encodeBase64(new Uint8Array([104, 105])); //=> 'aGk='
 */
export function encodeBase64(bytes: Uint8Array): string {
  // Write ASCII codes into one buffer and decode once: string concatenation per character is
  // ~30x slower for the megabytes of a large model.
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let k = 0;
  for (let i = 0; i < bytes.length; i += 3) {
    const rest = bytes.length - i;
    const n =
      (bytes[i]! << 16) | ((rest > 1 ? bytes[i + 1]! : 0) << 8) | (rest > 2 ? bytes[i + 2]! : 0);
    out[k++] = CODES[(n >> 18) & 63]!;
    out[k++] = CODES[(n >> 12) & 63]!;
    out[k++] = rest > 1 ? CODES[(n >> 6) & 63]! : PAD;
    out[k++] = rest > 2 ? CODES[n & 63]! : PAD;
  }
  return new TextDecoder('ascii').decode(out);
}

/**
 * The bytes of base64 `text`, or a description of the first problem (bad length, a character
 * outside the alphabet, misplaced padding).
 * @example decodeBase64('aGk='); //=> { bytes: Uint8Array [104, 105] }
 */
export function decodeBase64(text: string): { bytes: Uint8Array } | { error: string } {
  if (text.length % 4 !== 0)
    return { error: `base64 length ${text.length} is not a multiple of 4` };
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let k = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const pos = i + j;
      const code = text.charCodeAt(pos);
      const isPad = code === 61 && pos >= text.length - padding;
      const v = isPad ? 0 : code < 128 ? LOOKUP[code]! : -1;
      if (v < 0)
        return { error: `invalid base64 character ${JSON.stringify(text[pos])} at offset ${pos}` };
      n = (n << 6) | v;
    }
    bytes[k++] = (n >> 16) & 255;
    if (k < bytes.length) bytes[k++] = (n >> 8) & 255;
    if (k < bytes.length) bytes[k++] = n & 255;
  }
  return { bytes };
}
