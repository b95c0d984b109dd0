// The threads builds of the kernel module: the same kernels, importing a shared memory.
import { decodeBase64 } from '../../../base64.js';
import { KERNELS_RELAXED_THREADS_BASE64 } from '../kernels-relaxed-threads.generated.js';
import { KERNELS_SIMD128_THREADS_BASE64 } from '../kernels-simd128-threads.generated.js';

/** The threads build of the flavour `relaxed` names; the generator writes valid base64, so a failure is a build fault. */
export function threadsModuleBytes(relaxed: boolean): Uint8Array<ArrayBuffer> {
  const decoded = decodeBase64(relaxed ? KERNELS_RELAXED_THREADS_BASE64 : KERNELS_SIMD128_THREADS_BASE64);
  if ('error' in decoded) throw new Error(`the inlined threads module is damaged (${decoded.error}): run npm run build:wasm`);
  return decoded.bytes as Uint8Array<ArrayBuffer>;
}
