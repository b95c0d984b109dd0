// The preprocessing steps a config may list (data.preprocess), validated by hand so that every
// mistake names its field path, e.g. `data.preprocess.1.components`.
import { ConfigError } from '../../errors.js';

/** One preprocessing step as written in a config: a name, or an object with a `type`. */
export type PreprocessStepConfig =
  | 'center'
  | 'standardize'
  | 'minmax'
  | 'whiten'
  | { readonly type: 'center' | 'standardize'; readonly perChannel?: boolean }
  | { readonly type: 'minmax' }
  | { readonly type: 'pca'; readonly components?: number; readonly variance?: number }
  | { readonly type: 'whiten'; readonly eps?: number };

/** A validated step with its defaults filled in. */
export type PreprocessStep =
  | { readonly type: 'center' | 'standardize'; readonly perChannel?: true }
  | { readonly type: 'minmax' }
  | { readonly type: 'pca'; readonly components: number }
  | { readonly type: 'pca'; readonly variance: number }
  | { readonly type: 'whiten'; readonly eps: number };

/** Default whitening eps, added to each eigenvalue before the square root (as in CS231n's notes). */
export const DEFAULT_WHITEN_EPS = 1e-5;

const KEYS: Readonly<Record<string, readonly string[]>> = {
  center: ['type', 'perChannel'],
  standardize: ['type', 'perChannel'],
  minmax: ['type'],
  pca: ['type', 'components', 'variance'],
  whiten: ['type', 'eps'],
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseStep(raw: unknown, path: string): PreprocessStep {
  const obj: Record<string, unknown> =
    typeof raw === 'string' ? { type: raw } : isRecord(raw) ? raw : {};
  const type = obj['type'];
  if (typeof type !== 'string' || KEYS[type] === undefined) {
    const got = typeof raw === 'string' ? `"${raw}"` : JSON.stringify(raw);
    throw new ConfigError(
      typeof raw === 'string' || !isRecord(raw) ? path : `${path}.type`,
      `unknown preprocessing step ${got}; expected one of ${Object.keys(KEYS).join(', ')} ` +
        '(a name, or an object such as {"type": "pca", "components": 50})',
    );
  }
  for (const key of Object.keys(obj)) {
    if (!KEYS[type]!.includes(key)) {
      throw new ConfigError(
        `${path}.${key}`,
        `unknown option for ${type}; expected ${KEYS[type]!.join(', ')}`,
      );
    }
  }
  if (type === 'pca') return parsePca(obj, path);
  if (type === 'whiten') {
    const eps = obj['eps'] ?? DEFAULT_WHITEN_EPS;
    if (typeof eps !== 'number' || !(eps > 0) || !Number.isFinite(eps)) {
      throw new ConfigError(
        `${path}.eps`,
        `must be a finite number > 0, got ${JSON.stringify(eps)}`,
      );
    }
    return { type, eps };
  }
  if (type === 'center' || type === 'standardize') {
    const per = obj['perChannel'];
    if (per !== undefined && typeof per !== 'boolean') {
      throw new ConfigError(`${path}.perChannel`, `must be true or false, got ${JSON.stringify(per)}`);
    }
    return per === true ? { type, perChannel: true } : { type };
  }
  return { type: 'minmax' };
}

function parsePca(obj: Record<string, unknown>, path: string): PreprocessStep {
  const { components, variance } = obj;
  if ((components === undefined) === (variance === undefined)) {
    throw new ConfigError(
      path,
      'pca needs exactly one of components (how many to keep, e.g. {"type": "pca", "components": 50}) ' +
        'or variance (the share of variance to keep, e.g. {"type": "pca", "variance": 0.99})',
    );
  }
  if (components !== undefined) {
    if (typeof components !== 'number' || !Number.isInteger(components) || components < 1) {
      throw new ConfigError(
        `${path}.components`,
        `must be an integer >= 1, got ${JSON.stringify(components)}`,
      );
    }
    return { type: 'pca', components };
  }
  if (typeof variance !== 'number' || !(variance > 0 && variance <= 1)) {
    throw new ConfigError(
      `${path}.variance`,
      `must be a number in (0, 1], got ${JSON.stringify(variance)}`,
    );
  }
  return { type: 'pca', variance };
}

/**
 * Validates a list of preprocessing steps (the config's `data.preprocess`).
 * @param steps the raw list, e.g. `["center", {"type": "pca", "components": 50}, "whiten"]`.
 * @param path the config path of the list, for messages.
 * @returns the steps with defaults filled in.
 * @throws ConfigError with the path of the first bad field.
 * @example
 * parsePreprocessSteps(['standardize', { type: 'whiten' }]);
 * //=> [{ type: 'standardize' }, { type: 'whiten', eps: 1e-5 }]
 */
export function parsePreprocessSteps(steps: unknown, path = 'data.preprocess'): PreprocessStep[] {
  if (!Array.isArray(steps)) {
    throw new ConfigError(
      path,
      `must be a list of steps such as ["standardize"], got ${JSON.stringify(steps)}`,
    );
  }
  return steps.map((raw, i) => parseStep(raw as unknown, `${path}.${i}`));
}
