// CRC-32 (IEEE 802.3, the polynomial of zip and PNG) over model-file contents, so that an edited
// or truncated file is rejected instead of giving wrong predictions.

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/**
 * Continues a CRC-32 over `bytes` from a previous value (0 to start), so pieces can be fed in turn.
 * @example crc32(new TextEncoder().encode('123456789')).toString(16); //=> 'cbf43926'
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let c = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 255]! ^ (c >>> 8);
  return ~c >>> 0;
}
