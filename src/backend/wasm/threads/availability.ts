// Whether this engine can share a WebAssembly.Memory between threads: it needs SharedArrayBuffer, and a
// browser page gives it only when cross-origin isolated (served with COOP: same-origin and COEP:
// require-corp). Node has no crossOriginIsolated and always shares.

/** Why threads > 1 cannot run here, or null when they can. */
export function threadsUnavailableReason(): string | null {
  if (typeof SharedArrayBuffer === 'undefined') {
    return 'this engine has no SharedArrayBuffer (a page must be cross-origin isolated: serve it with '
      + 'Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (isolated === false) {
    return 'the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin '
      + 'and Cross-Origin-Embedder-Policy: require-corp)';
  }
  return null;
}
