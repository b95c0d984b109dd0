// Where the kernel module's bytes come from: by default the copy inlined in the build (support.ts);
// a page that hosts the .wasm file itself passes loadWasmBackend a `source` (a URL, the bytes, or a
// fetch's Response). A failed fetch throws an Error naming the URL, which loadWasmBackend turns into a
// WasmUnavailableError, so that loadBestBackend can fall back with that reason.
import { relaxedBytes, simd128Bytes } from './support.js';

/** A kernel module's bytes, where to fetch them, or a fetch of them. */
export type WasmSource = string | URL | ArrayBuffer | ArrayBufferView | Response | PromiseLike<Response>;

function isResponse(value: unknown): value is Response {
  return typeof Response === 'function' && value instanceof Response;
}

async function responseBytes(response: Response, what: string): Promise<ArrayBuffer> {
  if (!response.ok) {
    throw new Error(`fetching the kernel module from ${what} failed: HTTP ${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}`);
  }
  return response.arrayBuffer();
}

/**
 * The module bytes to compile: `source` when given, else the inlined build `relaxed` names.
 * @throws Error when fetching `source` fails (network error or an HTTP error status).
 */
export async function moduleSourceBytes(source: WasmSource | undefined, relaxed: boolean): Promise<BufferSource> {
  if (source === undefined) return relaxed ? relaxedBytes() : simd128Bytes();
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return source as BufferSource;
  if (typeof source === 'string' || source instanceof URL) {
    const url = String(source);
    if (typeof fetch !== 'function') throw new Error(`cannot fetch ${url}: this engine has no fetch`);
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw new Error(`fetching the kernel module from ${url} failed: ${(error as Error).message}`);
    }
    // The resolved address (a page's relative URL), as the network saw it.
    return responseBytes(response, response.url === '' ? url : response.url);
  }
  let response: unknown;
  try {
    response = await source;
  } catch (error) {
    throw new Error(`fetching the kernel module failed: ${(error as Error).message}`);
  }
  if (!isResponse(response)) throw new Error('`source` gave no Response (expected a URL, bytes, a Response or a promise of one)');
  return responseBytes(response, response.url === '' ? 'its Response' : response.url);
}
