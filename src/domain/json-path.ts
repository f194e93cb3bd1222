import { validationError } from './errors.ts';

/**
 * A tiny JSON-path subset for reading chat back ends' messages:
 * `$` (the root), `.key`, `['key']` / `["key"]`, `[n]` (negative counts from the end) and `[*]` / `.*` (every element
 * or value). Nothing else: no filters, no recursive descent, no slices.
 */
export type PathStep =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' };

export interface JsonPath {
  /** The path as written. */
  readonly source: string;
  readonly steps: readonly PathStep[];
}

const IDENTIFIER = /[A-Za-z_$][\w$-]*/y;
const INDEX = /-?\d+/y;

function fail(source: string, at: number, what: string): never {
  throw validationError(
    'json-path.invalid',
    `JSON path "${source}" is invalid at character ${at + 1}: ${what}; supported: $, .key, ['key'], [n], [*]`,
  );
}

function readQuoted(source: string, at: number): { key: string; next: number } {
  const quote = source[at] as string;
  let key = '';
  let i = at + 1;
  while (i < source.length && source[i] !== quote) {
    if (source[i] === '\\' && i + 1 < source.length) i += 1;
    key += source[i];
    i += 1;
  }
  if (i >= source.length) fail(source, at, 'unterminated quoted key');
  return { key, next: i + 1 };
}

function readBracket(source: string, at: number): { step: PathStep; next: number } {
  const inner = at + 1;
  const char = source[inner];
  let step: PathStep;
  let close: number;
  if (char === "'" || char === '"') {
    const quoted = readQuoted(source, inner);
    step = { kind: 'key', key: quoted.key };
    close = quoted.next;
  } else if (char === '*') {
    step = { kind: 'wildcard' };
    close = inner + 1;
  } else {
    INDEX.lastIndex = inner;
    const match = INDEX.exec(source);
    if (match === null) fail(source, inner, "expected 'key', an index or *");
    step = { kind: 'index', index: Number(match[0]) };
    close = INDEX.lastIndex;
  }
  if (source[close] !== ']') fail(source, close, 'expected ]');
  return { step, next: close + 1 };
}

/** Parses a path such as `$.messages[*].from.role`. Throws a validation KeptError naming the bad character. */
export function parseJsonPath(source: string): JsonPath {
  const text = source.trim();
  if (text[0] !== '$') fail(source, 0, 'a path starts with $');
  const steps: PathStep[] = [];
  let i = 1;
  while (i < text.length) {
    const char = text[i];
    if (char === '.') {
      if (text[i + 1] === '*') {
        steps.push({ kind: 'wildcard' });
        i += 2;
        continue;
      }
      IDENTIFIER.lastIndex = i + 1;
      const match = IDENTIFIER.exec(text);
      if (match === null) fail(source, i + 1, 'expected a key after "."');
      steps.push({ kind: 'key', key: match[0] });
      i = IDENTIFIER.lastIndex;
    } else if (char === '[') {
      const { step, next } = readBracket(text, i);
      steps.push(step);
      i = next;
    } else {
      fail(source, i, `unexpected "${char}"`);
    }
  }
  return { source: text, steps };
}

/** Whether `source` parses as a supported path. */
export function isJsonPath(source: string): boolean {
  try {
    parseJsonPath(source);
    return true;
  } catch {
    return false;
  }
}

function stepInto(value: unknown, step: PathStep): unknown[] {
  switch (step.kind) {
    case 'key':
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, step.key)) {
        return [(value as Record<string, unknown>)[step.key]];
      }
      return [];
    case 'index': {
      if (!Array.isArray(value)) return [];
      const index = step.index < 0 ? value.length + step.index : step.index;
      return index >= 0 && index < value.length ? [value[index]] : [];
    }
    case 'wildcard':
      if (Array.isArray(value)) return value;
      if (value !== null && typeof value === 'object') return Object.values(value);
      return [];
  }
}

/** Every value the path selects, in document order; empty when it selects nothing. */
export function selectAll(path: JsonPath, root: unknown): unknown[] {
  let current: unknown[] = [root];
  for (const step of path.steps) current = current.flatMap((value) => stepInto(value, step));
  return current;
}

/** The first value the path selects, or undefined. */
export function selectFirst(path: JsonPath, root: unknown): unknown {
  return selectAll(path, root)[0];
}
