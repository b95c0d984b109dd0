// Feature detection for the wasm backend; synchronous, engine-neutral.
import { decodeBase64 } from './base64.js';
import { KERNELS_RELAXED_BASE64 } from './kernels-relaxed.generated.js';
import { KERNELS_SIMD128_BASE64 } from './kernels-simd128.generated.js';

export function simd128Bytes(): Uint8Array<ArrayBuffer> { return decodeBase64(KERNELS_SIMD128_BASE64); }
export function relaxedBytes(): Uint8Array<ArrayBuffer> { return decodeBase64(KERNELS_RELAXED_BASE64); }

/** Why the wasm backend cannot run here, or null when it can. */
export function wasmUnavailableReason(): string | null {
  if (typeof WebAssembly === 'undefined') return 'this JavaScript engine has no WebAssembly';
  if (!WebAssembly.validate(simd128Bytes())) return 'this engine\'s WebAssembly lacks SIMD128 (fixed-width SIMD)';
  return null;
}

/** Whether relaxed SIMD validates (Node 20 needs --experimental-wasm-relaxed-simd). */
export function relaxedSimdSupported(): boolean {
  return typeof WebAssembly !== 'undefined' && WebAssembly.validate(relaxedBytes());
}
