// `GET /api/runs/:id/activations?image=K`: the image number checked, the run's data from the cache,
// the maps computed; every refusal a JSON { error } with its status (400 bad image, 404 no maps).
import type { ActivationMaps, ApiError } from './api.js';
import type { ActivationDataCache } from './activation-data.js';
import { activationMaps } from './activations.js';

/** A status and the JSON body to send with it. */
export interface Answer {
  readonly status: number;
  readonly body: ActivationMaps | ApiError;
}

/**
 * The answer for run `run` and the query's `image` (absent: image 0). K must be a whole number
 * written in digits, below the number of rows of the run's evaluation data.
 * @example activationsAnswer(cache, run, '3').status; //=> 200
 * @example activationsAnswer(cache, run, '-1'); //=> { status: 400, body: { error: 'image must be ...' } }
 */
export function activationsAnswer(cache: ActivationDataCache, run: { readonly dir: string; readonly root: string }, image: string | null): Answer {
  const text = image ?? '0';
  if (!/^\d{1,15}$/.test(text)) {
    return { status: 400, body: { error: `image must be a whole number >= 0 (0-based row), got ${JSON.stringify(text.slice(0, 40))}` } };
  }
  const data = cache.get(run.dir, run.root);
  if ('error' in data) return { status: data.status, body: { error: data.error } };
  const k = Number(text);
  if (k >= data.n) {
    return { status: 400, body: { error: `image ${k} is out of range: the run's ${data.split} data has ${data.n} images (0 to ${data.n - 1})` } };
  }
  return { status: 200, body: activationMaps(data, k) };
}
