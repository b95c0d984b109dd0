// Turns zod's issues into one ConfigError that names the file, the field path, what was found and
// what was expected, with a "did you mean" for misspelt field names.
import type * as z from 'zod';
import { ConfigError } from '../errors.js';
import { didYouMean } from '../suggest.js';

/** "data.source.type" for ['data', 'source', 'type']. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function lookup(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const key of path) {
    // A shorthand string stands for {"type": string}.
    if (typeof cur === 'string' && key === 'type') return cur;
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

interface SchemaDef {
  type?: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  element?: unknown;
  out?: unknown;
  options?: unknown[];
}

/** Known keys of the (strict) object schema at `path`, for suggestions (all branches of a union). */
function keysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  const def = (schema as { def?: SchemaDef }).def;
  if (def === undefined) return [];
  if (def.type === 'optional' || def.type === 'default') return keysAt(def.innerType, path);
  if (def.type === 'pipe') return keysAt(def.out, path);
  if (def.type === 'union') return [...new Set((def.options ?? []).flatMap((o) => keysAt(o, path)))];
  const [key, ...rest] = path;
  if (key === undefined) return def.type === 'object' && def.shape !== undefined ? Object.keys(def.shape) : [];
  if (def.type === 'object' && def.shape !== undefined) return keysAt(def.shape[String(key)], rest);
  if (def.type === 'array') return keysAt(def.element, rest);
  return [];
}

function issueText(issue: z.core.$ZodIssue, input: unknown, schema: z.ZodType): { path: string; text: string } {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(schema, issue.path);
    const parts = issue.keys.map((k) => `unknown field '${k}'${didYouMean(k, known)}`);
    const where = path === '' ? '' : path;
    return { path: where === '' ? (issue.keys[0] ?? '') : `${where}.${issue.keys[0] ?? ''}`, text: parts.join('; ') };
  }
  if (issue.code === 'invalid_union') {
    // A union of a number and an object (data.test): the branch of the value's own kind speaks.
    const live = issue.errors.filter((errs) => !(errs.length === 1 && errs[0]!.code === 'invalid_type' && errs[0]!.path.length === 0));
    const inner = live.length === 1 ? live[0]![0] : undefined;
    if (inner !== undefined) return issueText({ ...inner, path: [...issue.path, ...inner.path] }, input, schema);
  }
  const value = lookup(input, issue.path);
  const found = describeValue(value);
  if (issue.code === 'invalid_value' && typeof value === 'string') {
    const options = issue.values.map(String);
    return { path, text: `'${value}' is not one of ${options.join(', ')}${didYouMean(value, options)}` };
  }
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    const type = lookup(value, ['type']);
    const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
    const hint = typeof type === 'string' ? didYouMean(type, options) : '';
    return { path, text: `unknown type ${describeValue(type)}: expected one of ${options.join(', ')}${hint}` };
  }
  if (issue.code === 'invalid_type' && value === undefined) {
    return { path, text: `missing required field (expected ${issue.expected})` };
  }
  return { path, text: `${issue.message} (found ${found})` };
}

/** One problem found in a config: the field path and what is wrong there. */
export interface ConfigIssue {
  readonly path: string;
  readonly text: string;
}

/** How many issues one error lists (the first, then this many less one as "also ..."). */
const MAX_LISTED = 10;

/**
 * Throws one ConfigError for a list of issues: at the first issue's path, naming `file`, with the
 * others listed after it ("also <path>: <text>"). Returns when the list is empty.
 * @example throwIssues([{ path: 'epochs', text: 'expected >= 1' }], 'a.json'); // throws "a.json: epochs: expected >= 1"
 */
export function throwIssues(issues: readonly ConfigIssue[], file?: string): void {
  const first = issues[0];
  if (first === undefined) return;
  const also = (i: ConfigIssue) => `\n  also ${i.path === '' ? '' : `${i.path}: `}${i.text}`;
  const more = issues.slice(1, MAX_LISTED).map(also).join('');
  const rest = issues.length > MAX_LISTED ? `\n  and ${issues.length - MAX_LISTED} more` : '';
  throw new ConfigError(first.path, `${first.text}${more}${rest}`, file);
}

/**
 * Parses `input` with `schema`: the parsed value, or the issues found (each with its field path).
 * @example schemaIssues(z.object({ a: z.number() }), {}).issues[0].path; //=> 'a'
 */
export function schemaIssues<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { data: z.infer<S>; issues: [] } | { data: undefined; issues: ConfigIssue[] } {
  const result = schema.safeParse(input);
  if (result.success) return { data: result.data, issues: [] };
  return { data: undefined, issues: result.error.issues.map((i) => issueText(i, input, schema)) };
}

/**
 * Parses `input` with `schema`, or throws a ConfigError naming `file` and the first bad field
 * (with the next issues listed after it).
 * @example validate(z.object({ epochs: z.number() }), { epochs: 3 }, 'a.json').epochs; //=> 3
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, file?: string): z.infer<S> {
  const parsed = schemaIssues(schema, input);
  throwIssues(parsed.issues, file);
  return parsed.data as z.infer<S>;
}
