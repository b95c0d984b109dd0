// Node 20 validates relaxed SIMD only behind a V8 flag; setting it at run
// time works as long as it happens before the module is compiled.
import { setFlagsFromString } from 'node:v8';

let done = false;
export function enableRelaxedSimdFlag(): void {
  if (done) return;
  done = true;
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    // An engine that refuses the flag simply keeps the simd128 build.
  }
}
