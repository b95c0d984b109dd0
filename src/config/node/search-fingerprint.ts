// A study remembers the base config its trials were trained on. Resuming a search after base.json
// changed would otherwise mix trials of two configs in one study, and best.json would be built
// from a trial of the old one. The base is stored whole (it is small), so a refusal can say which
// fields changed, with its SHA-256 beside it for a quick look.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../nn/canonical-json.js';
import { ConfigError } from '../../errors.js';
import type { JsonValue } from '../../search/json.js';
import type { Storage, StudyRecord } from '../../search/storage/storage.js';

const BASE_KEY = 'base';
const BASE_HASH_KEY = 'baseSha256';

/** The SHA-256 of a config's canonical JSON (key order does not matter). */
export function configFingerprint(config: JsonValue): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex');
}

/**
 * The field paths where two JSON values differ (a.b.0.c), at most `limit` of them.
 * @example changedPaths({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 3 } }); //=> ['b.c']
 */
export function changedPaths(before: JsonValue, after: JsonValue, path = '', out: string[] = [], limit = 8): string[] {
  if (out.length >= limit) return out;
  const isObj = (v: JsonValue): v is Record<string, JsonValue> | JsonValue[] => v !== null && typeof v === 'object';
  if (isObj(before) && isObj(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) {
      const a = (before as Record<string, JsonValue>)[key];
      const b = (after as Record<string, JsonValue>)[key];
      const sub = path === '' ? key : `${path}.${key}`;
      if (a === undefined || b === undefined) {
        if (a !== b) out.push(sub);
      } else changedPaths(a, b, sub, out, limit);
      if (out.length >= limit) break;
    }
    return out;
  }
  if (canonicalJson(before) !== canonicalJson(after)) out.push(path === '' ? '(the whole config)' : path);
  return out;
}

export interface BaseCheck {
  readonly storage: Storage;
  readonly study: StudyRecord;
  readonly base: JsonValue;
  readonly baseFile: string;
  readonly specFile: string;
  /** Accept a changed base (the study then remembers the new one). */
  readonly allowChanged: boolean;
}

/**
 * Opens the study and checks that its stored base config is the one given; a new study (or one
 * from before bases were stored) records it.
 * @throws ConfigError naming the spec file and the changed fields, unless allowChanged.
 */
export async function checkStudyBase(c: BaseCheck): Promise<void> {
  const existed = (await c.storage.loadStudy(c.study.name)) !== null;
  await c.storage.openStudy(c.study);
  const attrs = await c.storage.getStudyAttrs(c.study.name);
  const stored = attrs[BASE_KEY];
  const hash = configFingerprint(c.base);
  if (existed && stored !== undefined && attrs[BASE_HASH_KEY] !== hash && !c.allowChanged) {
    const trials = (await c.storage.getTrials(c.study.name)).length;
    const fields = changedPaths(stored, c.base);
    throw new ConfigError(
      'base',
      `${c.baseFile} changed since study "${c.study.name}" began (changed: ${fields.join(', ')}); its ${trials} ` +
        'trial(s) were trained on the earlier config. Restore it, start a new study (another --storage or spec name), ' +
        'or pass --allow-changed-base to mix them knowingly',
      c.specFile,
    );
  }
  if (stored === undefined || attrs[BASE_HASH_KEY] !== hash) {
    await c.storage.setStudyAttr(c.study.name, BASE_KEY, c.base);
    await c.storage.setStudyAttr(c.study.name, BASE_HASH_KEY, hash);
  }
}
