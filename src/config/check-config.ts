// Everything in a training config that can be checked without its data: the layer list (types,
// options, sizes that do not depend on the input), loss, optimizer, schedules, preprocessing steps
// and the metrics that early stopping and reduceOnPlateau read. Each section is checked on its own,
// so one error lists every bad section at once, and before a single data file is opened.
import { ConfigError } from '../errors.js';
import { parsePreprocessSteps } from '../data/preprocess/steps.js';
import { lossByName } from '../losses/loss-by-name.js';
import { checkLayerSizes, normalizeLayers } from '../nn/from-config.js';
import {
  momentumScheduleFromConfig,
  optimizerFromConfig,
  scheduleFromConfig,
} from '../optim/from-config.js';
import { momentumScheduleFor } from '../optim/schedules/momentum-schedule.js';
import { didYouMean } from '../suggest.js';
import { zeros } from '../tensor/create.js';
import { METRIC_NAMES } from './schema.js';
import type { ConfigIssue } from './validate.js';

/** The sections checked here, as field paths; a schema issue at or above one skips it. */
const SECTIONS = [
  'loss',
  'model',
  'optimizer',
  'schedule',
  'momentumSchedule',
  'data.preprocess',
  'earlyStopping',
] as const;
type Section = (typeof SECTIONS)[number];

type Raw = { readonly [key: string]: unknown };

const asObject = (v: unknown): Raw | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : undefined;

/** A ConfigError as an issue; anything else is rethrown (a bug, not a config mistake). */
function caught(error: unknown): ConfigIssue {
  if (!(error instanceof ConfigError)) throw error;
  const text =
    error.path !== '' && error.message.startsWith(`${error.path}: `)
      ? error.message.slice(error.path.length + 2)
      : error.message;
  return { path: error.path, text };
}

/** The loss's kind, or undefined when the loss section is not a known loss. */
function lossKind(loss: unknown): 'classification' | 'regression' | undefined {
  const type = typeof loss === 'string' ? loss : asObject(loss)?.['type'];
  if (typeof type !== 'string') return undefined;
  try {
    return lossByName(type).kind;
  } catch {
    return undefined;
  }
}

/**
 * Whether `metric` is recorded for this config: one of trainLoss, trainAccuracy, valLoss and
 * valAccuracy (the figures of each epoch record), with a validation split for the val ones and a
 * classification loss for the accuracies.
 */
function metricIssue(metric: unknown, path: string, config: Raw): ConfigIssue | undefined {
  const names: readonly string[] = METRIC_NAMES;
  if (typeof metric !== 'string' || !names.includes(metric)) {
    const hint = typeof metric === 'string' ? didYouMean(metric, names) : '';
    return {
      path,
      text: `${JSON.stringify(metric)} is not a recorded metric${hint}; expected one of ${names.join(', ')}`,
    };
  }
  const data = asObject(config['data']);
  if (metric.startsWith('val') && data !== undefined && data['validation'] === undefined) {
    return {
      path,
      text: `${metric} needs a validation split: add "validation": 0.2 to the data section`,
    };
  }
  const kind = lossKind(config['loss']);
  if (metric.endsWith('Accuracy') && kind === 'regression') {
    const loss = metric.replace('Accuracy', 'Loss');
    return {
      path,
      text: `${metric} is recorded only for classification losses (this config's is a regression loss): use ${loss}`,
    };
  }
  return undefined;
}

/** The optimizer's momentum (beta1 for adam), or undefined when it has none or is invalid. */
function optimizerMomentum(config: Raw): number | undefined {
  try {
    const spec = optimizerFromConfig(config['optimizer']);
    return spec.needsClosure ? undefined : spec.create([zeros([1])]).momentum;
  } catch {
    return undefined;
  }
}

function checkSection(section: Section, config: Raw): ConfigIssue[] {
  switch (section) {
    case 'loss': {
      const loss = config['loss'];
      const obj = asObject(loss);
      const type = typeof loss === 'string' ? loss : obj?.['type'];
      if (typeof type === 'string')
        lossByName(type, obj?.['delta'] === undefined ? {} : { delta: obj['delta'] as number });
      return [];
    }
    case 'model':
      checkLayerSizes(normalizeLayers(config['model']));
      return [];
    case 'optimizer': {
      optimizerFromConfig(config['optimizer']);
      return [];
    }
    case 'schedule':
      return scheduleIssues(config);
    case 'momentumSchedule':
      return momentumIssues(config);
    case 'data.preprocess': {
      const steps = asObject(config['data'])?.['preprocess'];
      if (steps !== undefined) parsePreprocessSteps(steps, 'data.preprocess');
      return [];
    }
    case 'earlyStopping': {
      if (config['earlyStopping'] === undefined) return [];
      const metric = asObject(config['earlyStopping'])?.['metric'];
      const issue = metricIssue(metric, 'earlyStopping.metric', config);
      return issue === undefined ? [] : [issue];
    }
  }
}

function scheduleIssues(config: Raw): ConfigIssue[] {
  const schedule = config['schedule'];
  if (schedule === undefined) return [];
  // The metric first: a misspelt one would otherwise be reported as a mode that cannot be told.
  const node = asObject(schedule);
  if (node?.['type'] === 'reduceOnPlateau' && node['metric'] !== undefined) {
    const issue = metricIssue(node['metric'], 'schedule.metric', config);
    if (issue !== undefined) return [issue];
  }
  scheduleFromConfig(schedule);
  return [];
}

function momentumIssues(config: Raw): ConfigIssue[] {
  const schedule = config['momentumSchedule'];
  if (schedule === undefined) return [];
  let spec;
  try {
    spec = optimizerFromConfig(config['optimizer']);
  } catch {
    // The optimizer's own issue is reported under optimizer: check the schedule's options alone.
    momentumScheduleFromConfig(schedule);
    return [];
  }
  const momentum = optimizerMomentum(config);
  if (momentum === undefined) {
    momentumScheduleFromConfig(schedule);
    if (spec.needsClosure) return [];
    return [
      {
        path: 'momentumSchedule',
        text: `the ${spec.type} optimizer has no momentum to schedule (use sgd with momentum, adam or adamw)`,
      },
    ];
  }
  const epochs = config['epochs'];
  const run = typeof epochs === 'number' && epochs >= 1 ? epochs : 1;
  momentumScheduleFor(schedule, { momentum, epochs: run });
  return [];
}

/** Whether a schema issue at `path` makes `section` unreadable (the same field, or one around it). */
const covers = (path: string, section: string): boolean =>
  path === '' ||
  path === section ||
  path.startsWith(`${section}.`) ||
  section.startsWith(`${path}.`);

/**
 * Checks every section of a training config that does not need its data, each on its own, and
 * returns the issues found (empty when there are none). Sections where `schemaIssues` already
 * found a problem are skipped, so a section is reported once.
 * @param input the config as parsed from JSON, or a validated TrainConfig.
 * @example configIssues({ ...config, optimizer: { type: 'sgd', lr: -1 } }); //=> [{ path: 'optimizer.lr', text: 'invalid value -1 (...)' }]
 */
export function configIssues(
  input: unknown,
  schemaIssues: readonly ConfigIssue[] = [],
): ConfigIssue[] {
  const config = asObject(input);
  if (config === undefined) return [];
  return SECTIONS.flatMap((section) => {
    if (schemaIssues.some((i) => covers(i.path, section))) return [];
    try {
      return checkSection(section, config);
    } catch (error) {
      return [caught(error)];
    }
  });
}
