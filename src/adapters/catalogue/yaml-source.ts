import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import type { Diagnostic } from './diagnostic.ts';

/** A path into a parsed document, as zod reports it: mapping keys and list indexes. */
export type Path = readonly PropertyKey[];

/** One YAML file, parsed, with what is needed to turn a path back into a line and column. */
export interface YamlSource {
  readonly file: string;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The plain JavaScript value of the document (`undefined` when it could not be built). */
  readonly value: unknown;
  /** YAML syntax problems; when there is any, the value is not checked further. */
  readonly problems: readonly Diagnostic[];
}

const FRIENDLY: Record<string, string> = {
  TAB_AS_INDENT: 'tabs are not allowed for indentation; indent with spaces',
  DUPLICATE_KEY: 'this key appears twice in the same mapping; keep one',
  MULTIPLE_DOCS: 'the file holds several YAML documents (---); keep one per file',
};

function sentence(code: string, message: string): string {
  const friendly = FRIENDLY[code];
  if (friendly !== undefined) return `YAML syntax: ${friendly}`;
  const firstLine = (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  return `YAML syntax: ${firstLine.charAt(0).toLowerCase()}${firstLine.slice(1)}`;
}

/** Parses one file. YAML errors (and warnings, such as unknown tags) become diagnostics at their positions. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const problems: Diagnostic[] = [];
  const linesSeen = new Set<number>();
  for (const error of [...document.errors, ...document.warnings]) {
    const start = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    // After the first error the parser is out of step: further "unexpected token" errors and a second error on one
    // line are echoes of it, not problems of their own.
    if (linesSeen.has(start.line) || (problems.length > 0 && error.code === 'UNEXPECTED_TOKEN')) continue;
    linesSeen.add(start.line);
    problems.push({
      file,
      line: start.line,
      column: start.col,
      code: 'yaml.syntax',
      message: sentence(error.code, error.message),
    });
  }
  let value: unknown;
  if (problems.length === 0) {
    try {
      value = document.toJS({ maxAliasCount: 1_000 });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const { line, col } = lineCounter.linePos(brokenAliasOffset(document) ?? 0);
      problems.push({ file, line, column: col, code: 'yaml.syntax', message: sentence('', reason) });
    }
  }
  return { file, document, lineCounter, value, problems };
}

/** Where the first alias without an anchor is: the usual reason building the value fails. */
function brokenAliasOffset(document: Document.Parsed): number | undefined {
  let offset: number | undefined;
  visit(document, {
    Alias(_key, node) {
      if (node.resolve(document) !== undefined) return undefined;
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

function resolve(source: YamlSource, node: unknown): unknown {
  return isAlias(node) ? node.resolve(source.document) : node;
}

function pairOf(node: unknown, key: PropertyKey): Pair | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((pair) => isPair(pair) && (isScalar(pair.key) ? pair.key.value : pair.key) === key);
}

function startOf(source: YamlSource, node: Node | null | undefined): { line: number; column: number } | undefined {
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = source.lineCounter.linePos(offset);
  return { line, column: col };
}

const isEmpty = (node: unknown): boolean => isScalar(node) && node.value === null && node.source === '';

/**
 * Where a path points in the file. `value` points at the value (or, when the path leads past what exists, at the
 * deepest mapping or list that does exist: the place a missing key belongs); `key` points at the key of the last step.
 */
export function positionOf(
  source: YamlSource,
  path: Path,
  target: 'value' | 'key' = 'value',
): { line: number; column: number } {
  let node: unknown = resolve(source, source.document.contents);
  let best = startOf(source, node as Node) ?? { line: 1, column: 1 };
  for (const [index, step] of path.entries()) {
    if (isSeq(node) && typeof step === 'number') {
      const item = resolve(source, node.items[step]);
      if (item === undefined || item === null) break;
      best = startOf(source, item as Node) ?? best;
      node = item;
      continue;
    }
    const pair = pairOf(node, step);
    if (pair === undefined) break;
    const value = resolve(source, pair.value);
    if ((index === path.length - 1 && target === 'key') || value === null || value === undefined || isEmpty(value)) {
      best = startOf(source, pair.key as Node) ?? best;
      break;
    }
    best = startOf(source, value as Node) ?? best;
    node = value;
  }
  return best;
}

/** A diagnostic at a path of a source. */
export function diagnosticAt(
  source: YamlSource,
  path: Path,
  code: string,
  message: string,
  target: 'value' | 'key' = 'value',
): Diagnostic {
  const { line, column } = positionOf(source, path, target);
  return { file: source.file, line, column, code, message };
}
