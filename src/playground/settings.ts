// The page's controls as one plain object, and how it maps to and from a descent train config. The
// config is the state (URL hash, export, `descent train`); Settings is only its view as controls.
export const DATASETS = ['spiral', 'circles', 'xor', 'blobs', 'moons', 'regression'] as const;
export const ACTIVATIONS = ['relu', 'leakyRelu', 'tanh', 'sigmoid', 'maxout', 'elu', 'gelu', 'none'] as const;
export const INITS = ['small', 'xavier', 'he'] as const;
export const LOSSES = ['softmax', 'svm'] as const;
export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw', 'lbfgs'] as const;
export const SCHEDULES = ['none', 'step', 'exponential', 'inverseTime', 'cosine', 'warmup'] as const;
export const PREPROCESS = ['none', 'center', 'standardize', 'minmax', 'pca', 'whiten'] as const;
export const FEATURES = ['x2', 'xy', 'sin'] as const;

export type DatasetName = (typeof DATASETS)[number];

/** Each set's own default noise (the generators' defaults), put in the control when the set is chosen. */
export const DEFAULT_NOISE: Readonly<Record<DatasetName, number>> = { spiral: 0.2, circles: 0.05, xor: 0.05, blobs: 0.15, moons: 0.08, regression: 0.05 };
export type ActivationName = (typeof ACTIVATIONS)[number];
export type InitChoice = (typeof INITS)[number];
export type LossChoice = (typeof LOSSES)[number];
export type OptimizerChoice = (typeof OPTIMIZERS)[number];
export type ScheduleChoice = (typeof SCHEDULES)[number];
export type PreprocessChoice = (typeof PREPROCESS)[number];
export type FeatureChoice = (typeof FEATURES)[number];

export interface LayerSettings {
  readonly units: number;
  readonly activation: ActivationName;
  readonly batchnorm: boolean;
  /** Dropout rate, 0 for none. */
  readonly dropout: number;
}

export interface Settings {
  readonly dataset: DatasetName;
  readonly classes: number;
  readonly noise: number;
  /** Total points (spiral: classes x points per class). */
  readonly points: number;
  /** Validation fraction, 0 for none. */
  readonly split: number;
  readonly seed: number;
  /** Expansions appended to (x, y): x², y²; x·y; sin x, sin y. */
  readonly features: readonly FeatureChoice[];
  readonly preprocess: PreprocessChoice;
  readonly layers: readonly LayerSettings[];
  readonly init: InitChoice;
  readonly loss: LossChoice;
  readonly l1: number;
  readonly l2: number;
  /** 0 for no max-norm constraint. */
  readonly maxnorm: number;
  readonly optimizer: OptimizerChoice;
  readonly lr: number;
  readonly schedule: ScheduleChoice;
  /** Anneal momentum 0.5 -> 0.99 (optimizers with momentum). */
  readonly momentumAnneal: boolean;
  /** Examples per update; 0 (or the number of points) for full batch. */
  readonly batchSize: number;
  readonly epochs: number;
  /** Points placed by hand or uploaded: rows [x, y, label]; they replace the generated set. */
  readonly custom?: readonly (readonly number[])[];
}

/** The notes' case study: spiral, 3 classes of 100 points, 100 ReLU units, softmax, L2 1e-3, SGD lr 1, full batch. */
export const CASE_STUDY: Settings = {
  dataset: 'spiral', classes: 3, noise: 0.2, points: 300, split: 0, seed: 1, features: [], preprocess: 'none',
  layers: [{ units: 100, activation: 'relu', batchnorm: false, dropout: 0 }],
  init: 'small', loss: 'softmax', l1: 0, l2: 1e-3, maxnorm: 0, optimizer: 'sgd', lr: 1, schedule: 'none',
  momentumAnneal: false, batchSize: 300, epochs: 10000,
};

type Json = { readonly [key: string]: unknown };

const asObj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const typeOf = (v: unknown): string => (typeof v === 'string' ? v : String(asObj(v)['type'] ?? ''));
const num = (v: unknown, dflt: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);
const oneOf = <T extends string>(list: readonly T[], v: unknown, dflt: T): T =>
  (list as readonly unknown[]).includes(v) ? (v as T) : dflt;

/** Outputs of the last layer: one per class, or one value for regression. */
export const outputUnits = (s: Settings): number => (s.dataset === 'regression' ? 1 : classesOf(s));

/** Classes of the data: fixed 2 for circles, xor and moons; the labels' for placed points. */
export function classesOf(s: Settings): number {
  if (s.custom !== undefined && s.dataset !== 'regression') return Math.max(2, ...s.custom.map((r) => Math.floor(r[r.length - 1] ?? 0) + 1));
  return s.dataset === 'spiral' || s.dataset === 'blobs' ? s.classes : 2;
}

function sourceOf(s: Settings): Json {
  const features = FEATURES.filter((f) => s.features.includes(f));
  const base = generatedSource(s);
  return features.length === 0 ? base : { ...base, features };
}

function generatedSource(s: Settings): Json {
  if (s.custom !== undefined) return { type: 'points', points: s.custom };
  switch (s.dataset) {
    case 'spiral':
      return { type: 'spiral', classes: s.classes, pointsPerClass: Math.max(1, Math.round(s.points / s.classes)), noise: s.noise };
    case 'blobs':
      return { type: 'blobs', classes: s.classes, points: s.points, noise: s.noise };
    default:
      return { type: s.dataset, points: s.points, noise: s.noise };
  }
}

function layerConfigs(s: Settings): unknown[] {
  const out: unknown[] = [];
  for (const l of s.layers) {
    if (l.activation === 'maxout') out.push({ type: 'maxout', units: l.units, pieces: 2, init: s.init });
    else out.push({ type: 'linear', units: l.units, init: s.init });
    if (l.batchnorm) out.push('batchNorm');
    if (l.activation !== 'maxout' && l.activation !== 'none') out.push(l.activation);
    if (l.dropout > 0) out.push({ type: 'dropout', rate: l.dropout });
  }
  out.push({ type: 'linear', units: outputUnits(s), init: s.init });
  return out;
}

function optimizerOf(s: Settings): Json {
  switch (s.optimizer) {
    case 'momentum':
      return { type: 'sgd', lr: s.lr, momentum: 0.9 };
    case 'nesterov':
      return { type: 'sgd', lr: s.lr, momentum: 0.9, nesterov: true };
    default:
      return { type: s.optimizer, lr: s.lr };
  }
}

function scheduleOf(s: Settings): Json | undefined {
  switch (s.schedule) {
    case 'none':
      return undefined;
    case 'step':
      return { type: 'step', every: Math.max(1, Math.round(s.epochs / 4)), factor: 0.5 };
    case 'exponential':
      return { type: 'exponential', k: 3 / s.epochs };
    case 'inverseTime':
      return { type: 'inverseTime', k: 10 / s.epochs };
    case 'cosine':
      return { type: 'cosine', T: s.epochs };
    case 'warmup':
      return { type: 'warmup', epochs: Math.max(1, Math.round(s.epochs / 20)) };
  }
}

const hasMomentum = (o: OptimizerChoice) => o === 'momentum' || o === 'nesterov' || o === 'adam' || o === 'adamw';

/**
 * The descent train config the controls describe.
 * @example configOf(CASE_STUDY).optimizer; //=> { type: 'sgd', lr: 1 }
 */
export function configOf(s: Settings): Json {
  const rows = s.custom?.length ?? s.points;
  const reg = { ...(s.l2 > 0 ? { l2: s.l2 } : {}), ...(s.l1 > 0 ? { l1: s.l1 } : {}), ...(s.maxnorm > 0 ? { maxNorm: s.maxnorm } : {}) };
  const prep = s.preprocess === 'none' ? undefined : [s.preprocess === 'pca' ? { type: 'pca', components: 2 } : s.preprocess];
  const schedule = scheduleOf(s);
  return {
    seed: s.seed,
    data: { source: sourceOf(s), ...(s.split > 0 ? { validation: s.split } : {}), ...(prep === undefined ? {} : { preprocess: prep }) },
    model: layerConfigs(s),
    loss: s.dataset === 'regression' ? 'mse' : s.loss === 'svm' ? 'svm' : 'softmaxCrossEntropy',
    ...(Object.keys(reg).length > 0 ? { regularization: reg } : {}),
    optimizer: optimizerOf(s),
    ...(schedule === undefined ? {} : { schedule }),
    ...(s.momentumAnneal && hasMomentum(s.optimizer) ? { momentumSchedule: { type: 'linear', start: 0.5, end: 0.99, epochs: Math.max(1, Math.round(s.epochs / 10)) } } : {}),
    epochs: s.epochs,
    batchSize: s.batchSize > 0 ? s.batchSize : rows,
  };
}

function layersFrom(model: readonly unknown[]): { layers: LayerSettings[]; init: InitChoice } {
  const layers: LayerSettings[] = [];
  let init: InitChoice = 'he';
  // Every weighted layer but the last (the output layer) starts a row of the editor.
  const weighted = model.map((l, i) => [typeOf(l), i] as const).filter(([t]) => t === 'linear' || t === 'maxout');
  const last = weighted.at(-1)?.[1] ?? -1;
  let row: { units: number; activation: ActivationName; batchnorm: boolean; dropout: number } | undefined;
  model.forEach((layer, i) => {
    const type = typeOf(layer);
    const o = asObj(layer);
    if (type === 'linear' || type === 'maxout') {
      init = oneOf(INITS, o['init'], init);
      if (row !== undefined) layers.push(row);
      row = i === last ? undefined : { units: num(o['units'], 8), activation: type === 'maxout' ? 'maxout' : 'none', batchnorm: false, dropout: 0 };
    } else if (row !== undefined) {
      if (type === 'batchNorm') row.batchnorm = true;
      else if (type === 'dropout') row.dropout = num(o['rate'], 0.5);
      else row.activation = oneOf(ACTIVATIONS, type, row.activation);
    }
  });
  if (row !== undefined) layers.push(row);
  return { layers, init };
}

function optimizerFrom(o: unknown): { optimizer: OptimizerChoice; lr: number } {
  const obj = asObj(o);
  const type = typeOf(o);
  const lr = num(obj['lr'], 0.01);
  if (type === 'sgd' && num(obj['momentum'], 0) > 0) return { optimizer: obj['nesterov'] === true ? 'nesterov' : 'momentum', lr };
  return { optimizer: oneOf(OPTIMIZERS, type, 'sgd'), lr };
}

function dataFrom(source: Json): Pick<Settings, 'dataset' | 'classes' | 'points' | 'noise'> & { custom?: readonly (readonly number[])[] } {
  const type = typeOf(source);
  if (type === 'points') {
    const rows = Array.isArray(source['points']) ? (source['points'] as number[][]) : [];
    return { dataset: 'spiral', classes: 3, points: rows.length, noise: 0, custom: rows };
  }
  const dataset = oneOf(DATASETS, type, 'spiral');
  const classes = num(source['classes'], dataset === 'blobs' || dataset === 'spiral' ? 3 : 2);
  const points = dataset === 'spiral' ? classes * num(source['pointsPerClass'], 100) : num(source['points'], 300);
  return { dataset, classes, points, noise: num(source['noise'], dataset === 'spiral' ? 0.2 : 0.05) };
}

/**
 * The controls' values for a (validated) config; what the controls cannot show falls back to defaults.
 * @example settingsOf(configOf(CASE_STUDY)); // deep-equals CASE_STUDY
 */
export function settingsOf(config: Json): Settings {
  const data = asObj(config['data']);
  const reg = asObj(config['regularization']);
  const model = Array.isArray(config['model']) ? (config['model'] as unknown[]) : [];
  const prep = Array.isArray(data['preprocess']) ? typeOf(data['preprocess'][0]) : 'none';
  const { custom, ...source } = dataFrom(asObj(data['source']));
  const listed = asObj(data['source'])['features'];
  const features = FEATURES.filter((f) => Array.isArray(listed) && listed.includes(f));
  const epochs = num(config['epochs'], 1000);
  // descent train's default batch size.
  const batch = num(config['batchSize'], 128);
  const loss = typeOf(config['loss']);
  const dataset = loss === 'mse' && custom !== undefined ? 'regression' : source.dataset;
  return {
    ...source, dataset, split: num(data['validation'], 0), seed: num(config['seed'], 0), features,
    preprocess: oneOf(PREPROCESS, prep, 'none'), ...layersFrom(model),
    loss: loss === 'svm' ? 'svm' : 'softmax',
    l1: num(reg['l1'], 0), l2: num(reg['l2'], 0), maxnorm: num(reg['maxNorm'], 0),
    ...optimizerFrom(config['optimizer']),
    schedule: oneOf(SCHEDULES, typeOf(config['schedule']), 'none'),
    momentumAnneal: config['momentumSchedule'] !== undefined,
    batchSize: batch, epochs,
    ...(custom === undefined ? {} : { custom }),
  };
}
