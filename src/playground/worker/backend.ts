// The backend the worker trains on: the TypeScript one, or the wasm one when asked and it loads
// (falling back to the TypeScript backend, with the reason, when it does not).
import type { Backend } from '../../backend/backend.js';
import { cpuBackend } from '../../backend/cpu/index.js';
import { loadWasmBackend } from '../../backend/wasm/index.js';
import { setDefaultBackend } from '../../context.js';
import type { BackendName } from '../protocol.js';

export interface Chosen {
  readonly name: BackendName;
  /** Why the asked-for backend is not the one in use. */
  readonly note?: string;
}

/** Loads backends once and makes the chosen one the default for new tensors. */
export class BackendChoice {
  private wasm: Promise<Backend> | undefined;

  async use(name: BackendName): Promise<Chosen> {
    if (name === 'cpu') {
      setDefaultBackend(cpuBackend);
      return { name: 'cpu' };
    }
    try {
      this.wasm ??= loadWasmBackend();
      setDefaultBackend(await this.wasm);
      return { name: 'wasm' };
    } catch (error) {
      this.wasm = undefined;
      setDefaultBackend(cpuBackend);
      const why = error instanceof Error ? error.message : String(error);
      return { name: 'cpu', note: `the wasm backend did not load (${why}); training on the TypeScript backend` };
    }
  }
}
