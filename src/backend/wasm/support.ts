// Feature detection for the wasm backend; synchronous, engine-neutral.
import { decodeBase64 } from '../../base64.js';
import { KERNELS_RELAXED_BASE64 } from './kernels-relaxed.generated.js';
import { KERNELS_SIMD128_BASE64 } from './kernels-simd128.generated.js';

/** The bytes of an inlined module; the generator writes valid base64, so a failure is a build fault. */
function moduleBytes(text: string, name: string): Uint8Array<ArrayBuffer> {
  const decoded = decodeBase64(text);
  if ('error' in decoded) throw new Error(`the inlined ${name} module is damaged (${decoded.error}): run npm run build:wasm`);
  return decoded.bytes as Uint8Array<ArrayBuffer>;
}

/** The simd128 build of the kernel module. */
export function simd128Bytes(): Uint8Array<ArrayBuffer> { return moduleBytes(KERNELS_SIMD128_BASE64, 'simd128'); }
/** The relaxed-SIMD build of the kernel module. */
export function relaxedBytes(): Uint8Array<ArrayBuffer> { return moduleBytes(KERNELS_RELAXED_BASE64, 'relaxed'); }

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
