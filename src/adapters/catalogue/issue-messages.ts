import type { z } from 'zod';
import { closest, didYouMean } from './diagnostic.ts';
import type { Path } from './yaml-source.ts';

/** Turns zod issues into plain sentences, each with the path (and key or value) it is about. */

export interface Problem {
  readonly path: Path;
  /** Point at the key of the path's last step (unknown keys) instead of its value. */
  readonly target: 'value' | 'key';
  readonly code: string;
  readonly message: string;
  /** For an unknown key: the known key it is probably a typo of. */
  readonly suggests?: string;
}

/** The last key of a path: `timeZone`, `id`; `value` when there is none. */
export function keyName(path: readonly PropertyKey[]): string {
  for (let at = path.length - 1; at >= 0; at -= 1) if (typeof path[at] === 'string') return path[at] as string;
  return 'value';
}

/** How a message names the place: `"owner"`, `item 2 of "channels"`, or `the file` at the root. */
export function labelOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the file';
  const last = path[path.length - 1];
  return typeof last === 'number' ? `item ${last + 1} of "${keyName(path.slice(0, -1))}"` : `"${String(last)}"`;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of keys to values',
  record: 'a mapping of keys to values',
};

function kindOf(input: unknown): string {
  if (Array.isArray(input)) return 'a list';
  if (input === null) return 'empty';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return 'text';
  if (typeof input === 'boolean') return 'true or false';
  return `a ${typeof input}`;
}

/** A schema-level error for a value that is there but wrong; a missing value keeps the generic "is missing". */
export const unlessMissing =
  (message: string) =>
  (iss: { readonly input?: unknown }): string | undefined =>
    iss.input === undefined ? undefined : message;

const quote = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** Per-parse error map: the sentence for every issue the schema does not word itself. */
export function genericMessage(iss: z.core.$ZodRawIssue): string | undefined {
  const label = labelOf(iss.path ?? []);
  switch (iss.code) {
    case 'invalid_union':
      return iss.input === undefined ? `${label} is missing` : `${label} has the wrong shape`;
    case 'invalid_type': {
      const expected = EXPECTED[iss.expected] ?? iss.expected;
      if (iss.input === undefined) return `${label} is missing`;
      if (iss.input === null) return `${label} is empty; it must be ${expected}`;
      return `${label} must be ${expected}, not ${kindOf(iss.input)}`;
    }
    case 'invalid_value': {
      const choices = iss.values.map(String).join(', ');
      if (iss.input === undefined)
        return `${label} is missing; write ${iss.values.length === 1 ? quote(iss.values[0]) : `one of ${choices}`}`;
      const got = typeof iss.input === 'string' ? didYouMean(iss.input, iss.values.map(String)) : '';
      if (iss.values.length === 1) return `${label} must be ${quote(iss.values[0])}, not ${quote(iss.input)}${got}`;
      return `${label} must be one of ${choices}, not ${quote(iss.input)}${got}`;
    }
    case 'too_small': {
      const min = Number(iss.minimum);
      if (iss.origin === 'array') return `${label} must list at least ${min === 1 ? 'one item' : `${min} items`}`;
      if (iss.origin === 'string')
        return min <= 1 ? `${label} is empty` : `${label} must be at least ${min} characters long`;
      return `${label} must be ${iss.inclusive === false ? 'more than' : 'at least'} ${min}`;
    }
    case 'too_big': {
      const max = Number(iss.maximum);
      if (iss.origin === 'array') return `${label} must list at most ${max} items`;
      if (iss.origin === 'string') return `${label} must be at most ${max} characters long`;
      return `${label} must be ${iss.inclusive === false ? 'less than' : 'at most'} ${max}`;
    }
    case 'invalid_format':
      return `${label} is not valid (${iss.format})`;
    default:
      return undefined;
  }
}

interface Def {
  readonly type: string;
  readonly shape?: Record<string, unknown>;
  readonly element?: unknown;
  readonly innerType?: unknown;
  readonly options?: readonly unknown[];
  readonly valueType?: unknown;
  readonly in?: unknown;
}

const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;

/** The keys the object schemas at `path` know (a union may offer several objects). */
export function knownKeys(schema: unknown, path: Path): string[] {
  const def = defOf(schema);
  if (def === undefined) return [];
  const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
  if (inner !== undefined) return knownKeys(inner, path);
  if (def.type === 'union') return [...new Set((def.options ?? []).flatMap((option) => knownKeys(option, path)))];
  const [step, ...rest] = path;
  if (step === undefined) return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
  if (def.type === 'object' && typeof step === 'string') return knownKeys(def.shape?.[step], rest);
  if (def.type === 'array' && typeof step === 'number') return knownKeys(def.element, rest);
  if (def.type === 'record') return knownKeys(def.valueType, rest);
  return [];
}

const codeOf = (issue: z.core.$ZodIssue): string => {
  if (issue.code === 'custom') return String(issue.params?.code ?? 'schema.invalid');
  const missing = issue.input === undefined && issue.path.length > 0;
  if (missing && issue.code === 'invalid_union') return 'schema.missing';
  if (issue.code === 'invalid_type' || issue.code === 'invalid_value')
    return missing ? 'schema.missing' : `schema.${issue.code === 'invalid_type' ? 'type' : 'value'}`;
  return `schema.${issue.code.replace(/_/g, '-')}`;
};

/** An unknown key at the option's root, or a key it needs that is not there: not the option being written. */
const isKeyIssue = (issue: z.core.$ZodIssue): boolean =>
  (issue.code === 'unrecognized_keys' && issue.path.length === 0) ||
  (issue.input === undefined && issue.path.length === 1 && issue.code !== 'custom');

/** Root-level type or value mismatches mean a union option is not what the author was writing. */
const isMismatch = (issues: readonly z.core.$ZodIssue[]): boolean =>
  issues.some((issue) => issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value'));

/** The issue's message, worded for its full path when it was the generic one worded for a shorter path. */
function messageOf(issue: z.core.$ZodIssue, path: Path, messagePath: Path): string {
  const raw = issue as unknown as z.core.$ZodRawIssue;
  if (issue.code === 'custom' || genericMessage({ ...raw, path: [...messagePath] }) !== issue.message)
    return issue.message;
  return genericMessage({ ...raw, path: [...path] }) ?? issue.message;
}

/**
 * The problems an issue stands for (issues must come from a parse with `reportInput: true`). Unknown keys become one
 * problem per key, at the key, with a "did you mean" hint. A failed union is explained by the one option whose shape
 * the author was clearly writing, when there is one. `base` prefixes the issue's path (e.g. a probe's options).
 */
export function problemsOf(
  issue: z.core.$ZodIssue,
  schema: unknown,
  base: Path = [],
  messagePath: Path = issue.path,
): Problem[] {
  const path = [...base, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(schema, issue.path);
    return issue.keys.map((key) => {
      const hint = closest(key, known);
      const help =
        hint !== undefined
          ? `; did you mean "${hint}"?`
          : known.length > 0
            ? `; the keys here are ${known.join(', ')}`
            : '';
      const problem: Problem = {
        path: [...path, key],
        target: 'key',
        code: 'schema.unknown-key',
        message: `unknown key "${key}"${help}`,
      };
      return hint === undefined ? problem : { ...problem, suggests: hint };
    });
  }
  if (issue.code === 'invalid_union') {
    const fitting = issue.errors.filter((option) => !isMismatch(option));
    // Of several options, the one whose keys are all there and known is the one being written (`press: 1` is the
    // press step with a wrong value, not a wait step with unknown key "press").
    const keyed = fitting.filter((option) => !option.some(isKeyIssue));
    const best = fitting.length === 1 ? fitting : keyed;
    if (best.length === 1) {
      const option = best[0] as z.core.$ZodIssue[];
      return option.flatMap((inner) =>
        problemsOf({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, schema, base, inner.path),
      );
    }
    const shaped = unionShapeProblem(issue, schema, base);
    if (shaped !== undefined) return shaped;
  }
  return [{ path, target: 'value', code: codeOf(issue), message: messageOf(issue, path, messagePath) }];
}

/** Whether every form of a failed union is a mapping (each failed at its root for not being one). */
const allMappings = (issue: z.core.$ZodIssueInvalidUnion): boolean =>
  issue.errors.every((option) =>
    option.some((inner) => inner.path.length === 0 && inner.code === 'invalid_type' && inner.expected === 'object'),
  );

/**
 * A union of mappings (an IVR step) that no form fits, said in words: a key no form knows is a typo of that key
 * (`- pres: "1"`); keys of two forms in one item do not go together; text where a mapping belongs names the forms.
 */
function unionShapeProblem(issue: z.core.$ZodIssueInvalidUnion, schema: unknown, base: Path): Problem[] | undefined {
  const input = issue.input;
  const known = knownKeys(schema, issue.path);
  if (known.length === 0) return undefined;
  const path = [...base, ...issue.path];
  const label = labelOf(path);
  const forms = known.map((key) => `"${key}"`).join(', ');
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    const keys = Object.keys(input);
    const unknown = keys.filter((key) => !known.includes(key));
    if (unknown.length > 0)
      return problemsOf({ ...issue, code: 'unrecognized_keys', keys: unknown } as z.core.$ZodIssue, schema, base);
    if (keys.length > 1) {
      const together = keys.map((key) => `"${key}"`).join(' and ');
      const message = `${label} has ${together} together; it takes one of ${forms} (one per item)`;
      return [{ path, target: 'value', code: 'schema.invalid-union', message }];
    }
    if (keys.length === 0) {
      const message = `${label} is an empty mapping; it takes one of ${forms}`;
      return [{ path, target: 'value', code: 'schema.invalid-union', message }];
    }
    return undefined;
  }
  if (input === undefined || !allMappings(issue)) return undefined;
  const message = `${label} must be a mapping with one of ${forms}, not ${kindOf(input)}`;
  return [{ path, target: 'value', code: 'schema.invalid-union', message }];
}

const samePath = (a: Path, b: Path): boolean => a.length === b.length && a.every((step, index) => b[index] === step);

/** Drops "X is missing" where a misspelt key in the same mapping is already reported as "did you mean X?". */
export function withoutEchoes(problems: readonly Problem[]): Problem[] {
  const typos = problems.filter((problem) => problem.suggests !== undefined);
  return problems.filter(
    (problem) =>
      problem.code !== 'schema.missing' ||
      !typos.some((typo) => samePath([...typo.path.slice(0, -1), typo.suggests as string], problem.path)),
  );
}
