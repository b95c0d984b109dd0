// The page's one mutable state: the config (as written), the backend, what the worker last sent,
// and the curves so far. Every module reads and writes it through this object only.
import type { BackendName, Boundary, EpochFigures, FinalFigures, NormFigures, Ready, Snapshot } from './protocol.js';

export interface Store {
  /** The descent train config as written: the hash, the export and the worker all get this. */
  config: { readonly [key: string]: unknown };
  backend: BackendName;
  playing: boolean;
  ready: Ready | undefined;
  /** The newest snapshot, drawn on the next animation frame. */
  latest: Snapshot | undefined;
  /** The newest boundary (not every snapshot carries one). */
  boundary: Boundary | undefined;
  /** True when `boundary` has not been drawn yet. */
  boundaryDirty: boolean;
  /** True when `latest` has not been drawn yet. */
  dirty: boolean;
  epochs: EpochFigures[];
  /** The final evaluation, once training has ended. */
  final: FinalFigures | undefined;
  norms: NormFigures[];
  /** The class a plain click adds. */
  paintClass: number;
}

export function createStore(config: Store['config']): Store {
  return { config, backend: 'cpu', playing: false, ready: undefined, latest: undefined, boundary: undefined, boundaryDirty: false, dirty: false, epochs: [], final: undefined, norms: [], paintClass: 0 };
}
