import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Catalogue } from '../../domain/catalogue.ts';
import { PROBE_KINDS, type ProbeKind } from '../../domain/channel.ts';
import { toCatalogue, type ValidFile } from './catalogue.mapper.ts';
import { catalogueFileSchema, type CatalogueFile } from './catalogue.schema.ts';
import { collectorOptionProblems, type CollectorOptionSchemas } from './collectors.schema.ts';
import { crossCheck, withContext, type LooseFile } from './cross-check.ts';
import { sortDiagnostics, type Diagnostic } from './diagnostic.ts';
import { interpolate } from './interpolate.ts';
import { targetProblems } from './probe-target.ts';
import { timeoutWarnings } from './timeout-check.ts';
import { genericMessage, problemsOf, withoutEchoes, type Problem } from './issue-messages.ts';
import { diagnosticAt, parseYamlSource, type Path } from './yaml-source.ts';

export interface LoadOptions {
  /** For `${VAR}` interpolation. */
  env: Readonly<Record<string, string | undefined>>;
  /** The options schema of each probe kind this build has an adapter for. */
  optionSchemas: ReadonlyMap<ProbeKind, z.ZodType>;
  /**
   * The options schema of each collector platform that may be used; a platform named without one is a problem
   * (`collector.no-adapter`). catalogue.loader.ts gives every platform's when a caller gives none.
   */
  collectorOptionSchemas: CollectorOptionSchemas;
  /**
   * `resolve` (default): every `${VAR}` is filled in, and an unset one is a problem. `defer`: where probes connect and
   * receivers deliver (a probe's `target` and `options`, a receiver's `url` and `secret`) keep their `${VAR}` as
   * written and the environment is never read for them, for commands that judge stored evidence and never connect
   * (`signoff`, `verdicts`, `rules`, `validate --offline`). Everything else is checked as usual; a probe whose options
   * fail their schema only where a `${VAR}` stands keeps its options as written, unparsed.
   */
  connections?: 'resolve' | 'defer';
}

/** Where a probe connects and a receiver delivers, with their credentials: what `connections: 'defer'` leaves alone. */
function isConnectionSetting(path: Path): boolean {
  const [section, , field] = path;
  if (section === 'probes') return field === 'target' || field === 'options';
  if (section === 'collectors') return field === 'options';
  return section === 'receivers' && (field === 'url' || field === 'secret');
}

/** Checked in place of a receiver's deferred `url` (the file schema wants a URL there); the text stays as written. */
const STAND_IN_URL = 'https://deferred.kept.invalid/';
const isReceiverUrl = (path: Path): path is readonly ['receivers', number, 'url'] =>
  path.length === 3 && path[0] === 'receivers' && path[2] === 'url';

/** The value the file schema checks: each receiver URL that waits for a `${VAR}` replaced by a stand-in URL. */
function withStandIns(value: unknown, deferred: readonly Path[]): unknown {
  const urls = deferred.filter(isReceiverUrl);
  if (urls.length === 0) return value;
  const receivers = [...((value as { receivers: unknown[] }).receivers ?? [])];
  for (const [, index] of urls) receivers[index] = { ...(receivers[index] as object), url: STAND_IN_URL };
  return { ...(value as object), receivers };
}

/** Puts back the deferred receiver URLs the schema checked as stand-ins. */
function restoreDeferred(data: CatalogueFile, value: unknown, deferred: readonly Path[]): CatalogueFile {
  const urls = deferred.filter(isReceiverUrl);
  if (urls.length === 0 || data.receivers === undefined) return data;
  const written = (value as { receivers: { url: string }[] }).receivers;
  const receivers = data.receivers.map((receiver, index) =>
    urls.some(([, at]) => at === index) ? { ...receiver, url: written[index]?.url ?? receiver.url } : receiver,
  );
  return { ...data, receivers };
}

/** A loaded catalogue comes with its warnings (see Diagnostic): what it cannot do as written, though it loads. */
export type LoadResult =
  { ok: true; catalogue: Catalogue; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

const PARSE = { reportInput: true, error: genericMessage } as const;

const startsWith = (path: Path, prefix: Path): boolean => prefix.every((step, index) => path[index] === step);

interface FileCheck {
  readonly diagnostics: Diagnostic[];
  readonly valid?: ValidFile;
}

/** Each probe's options, checked by its channel's schema; a kind with no adapter in this build is a problem. */
function checkOptions(
  value: unknown,
  options: LoadOptions,
): { problems: Problem[]; parsed: Map<number, Record<string, unknown>> } {
  const problems: Problem[] = [];
  const parsed = new Map<number, Record<string, unknown>>();
  const probes = (value as { probes?: unknown } | null)?.probes;
  if (!Array.isArray(probes)) return { problems, parsed };
  probes.forEach((probe: unknown, index) => {
    const { channel, options: raw } = (probe ?? {}) as { channel?: unknown; options?: unknown };
    if (!PROBE_KINDS.includes(channel as ProbeKind)) return; // the file schema reports it
    const schema = options.optionSchemas.get(channel as ProbeKind);
    if (schema === undefined) {
      const message = `no channel adapter for kind "${String(channel)}" in this build`;
      problems.push({ path: ['probes', index, 'channel'], target: 'value', code: 'probe.no-adapter', message });
      return;
    }
    const result = schema.safeParse(raw ?? {}, PARSE);
    if (result.success) parsed.set(index, result.data as Record<string, unknown>);
    else
      problems.push(...result.error.issues.flatMap((issue) => problemsOf(issue, schema, ['probes', index, 'options'])));
  });
  return { problems, parsed };
}

/**
 * A file the schema rejected with every problem shadowed: never dropped without a word (its entries would vanish, and
 * without its service the catalogue could not be built). Reported at the first issue, as a fault of Kept's checks.
 */
function unexplained(file: LooseFile, issues: readonly z.core.$ZodIssue[]): Diagnostic {
  const message =
    `Kept could not check this value (${issues[0]?.message ?? 'no detail'}) and found no problem it can name; ` +
    'please report it. The file is not loaded.';
  return diagnosticAt(file.source, issues[0]?.path ?? [], 'catalogue.unexplained', message, 'value');
}

/** Interpolation, the file schema and the probes' options, for one file that parsed as YAML. */
function checkFile(
  file: LooseFile,
  rawProblems: readonly Problem[],
  options: LoadOptions,
  deferred: readonly Path[],
): FileCheck {
  const result = catalogueFileSchema.safeParse(withStandIns(file.value, deferred), PARSE);
  const schemaProblems = result.success
    ? []
    : result.error.issues.flatMap((issue) => problemsOf(issue, catalogueFileSchema));
  const { problems: optionProblems, parsed } = checkOptions(file.value, options);
  const targets = targetProblems(file.value);
  const collectorOptions = collectorOptionProblems(file.value, options.collectorOptionSchemas);
  // A string with an unset variable is reported once, as such, not again for what it then fails to be.
  const unset = (problem: Problem): boolean => rawProblems.some((raw) => startsWith(problem.path, raw.path));
  // Nor is a deferred string judged by what its text must be (a channel's or platform's options, a target's syntax):
  // that is not known yet. The file schema is the exception: it sees a stand-in where it checks a deferred value's
  // text (a receiver URL), so what it still finds there no variable can mend (text where a mapping belongs) and is
  // reported. Were such a problem shadowed too, the file would fail without a word and be dropped.
  const unknownYet = (problem: Problem): boolean => deferred.some((path) => startsWith(problem.path, path));
  const problems = withoutEchoes([
    ...rawProblems,
    ...schemaProblems.filter((problem) => !unset(problem)),
    ...[...optionProblems, ...collectorOptions, ...targets].filter(
      (problem) => !unset(problem) && !unknownYet(problem),
    ),
  ]);
  const diagnostics = problems.map((problem) =>
    diagnosticAt(
      file.source,
      problem.path,
      problem.code,
      withContext(file.value, problem.path, problem.message),
      problem.target,
    ),
  );
  if (!result.success && diagnostics.length === 0) return { diagnostics: [unexplained(file, result.error.issues)] };
  if (!result.success || diagnostics.length > 0) return { diagnostics };
  return { diagnostics, valid: { data: restoreDeferred(result.data, file.value, deferred), options: parsed } };
}

/**
 * Parses and checks catalogue files (each a full `kept/v1` document) and merges them into one catalogue, or returns
 * every problem found, each positioned in its file. Reads no files itself.
 */
export function parseCatalogue(sources: readonly { file: string; text: string }[], options: LoadOptions): LoadResult {
  return check(sources, options, true);
}

/** `complete` is false when some catalogue files could not even be read: then cross-file checks would be guesses. */
function check(
  sources: readonly { file: string; text: string }[],
  options: LoadOptions,
  complete: boolean,
): LoadResult {
  if (sources.length === 0) {
    return {
      ok: false,
      diagnostics: [
        { file: '.', line: 1, column: 1, code: 'catalogue.none', message: 'no catalogue files were given' },
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const loose: LooseFile[] = [];
  const valid: ValidFile[] = [];
  for (const { file, text } of sources) {
    const source = parseYamlSource(file, text);
    diagnostics.push(...source.problems);
    if (source.problems.length > 0) continue;
    if (source.value === null || source.value === undefined) {
      diagnostics.push({
        file,
        line: 1,
        column: 1,
        code: 'catalogue.empty',
        message: 'the file is empty; a catalogue starts with version: kept/v1',
      });
      continue;
    }
    const defer = options.connections === 'defer' ? { defer: isConnectionSetting } : {};
    const { value, problems, deferred } = interpolate(source.value, options.env, defer);
    const looseFile = { source, value };
    loose.push(looseFile);
    const checked = checkFile(
      looseFile,
      problems.map((p) => ({ ...p, target: 'value' as const })),
      options,
      deferred,
    );
    diagnostics.push(...checked.diagnostics);
    if (checked.valid !== undefined) valid.push(checked.valid);
  }
  // Cross-file checks need every file: with one unreadable, "unknown claim" and the like would be guesses.
  if (complete && loose.length === sources.length)
    diagnostics.push(...crossCheck(loose, options.collectorOptionSchemas));
  if (diagnostics.length > 0 || !complete)
    return {
      ok: false,
      diagnostics: sortDiagnostics(
        diagnostics,
        sources.map((s) => s.file),
      ),
    };
  const catalogue = toCatalogue(valid, options.collectorOptionSchemas);
  return {
    ok: true,
    catalogue,
    warnings: sortDiagnostics(
      timeoutWarnings(catalogue, loose),
      sources.map((s) => s.file),
    ),
  };
}

const YAML_FILE = /\.ya?ml$/i;

async function expand(path: string): Promise<{ files: string[]; problem?: Diagnostic }> {
  const unreadable = (reason: string): { files: string[]; problem: Diagnostic } => ({
    files: [],
    problem: {
      file: path,
      line: 1,
      column: 1,
      code: 'file.unreadable',
      message: `cannot read this catalogue: ${reason}`,
    },
  });
  try {
    if (!(await stat(path)).isDirectory()) return { files: [path] };
    const names = (await readdir(path)).filter((name) => YAML_FILE.test(name)).sort();
    return names.length > 0
      ? { files: names.map((name) => join(path, name)) }
      : unreadable('the folder holds no .yaml or .yml file');
  } catch (error) {
    return unreadable(reasonOf(error));
  }
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'there is no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return error instanceof Error ? error.message : String(error);
}

/** Reads the files (a folder stands for its *.yaml and *.yml files, in name order) and parses them as one catalogue. */
export async function loadCatalogueFiles(paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const expanded = await Promise.all(paths.map(expand));
  const problems = expanded.flatMap((entry) => entry.problem ?? []);
  const sources: { file: string; text: string }[] = [];
  for (const file of expanded.flatMap((entry) => entry.files)) {
    try {
      sources.push({ file, text: await readFile(file, 'utf8') });
    } catch (error) {
      problems.push({
        file,
        line: 1,
        column: 1,
        code: 'file.unreadable',
        message: `cannot read this catalogue: ${reasonOf(error)}`,
      });
    }
  }
  if (problems.length === 0) return check(sources, options, true);
  const checked = check(sources, options, false);
  const rest = checked.ok ? [] : checked.diagnostics.filter((d) => d.code !== 'catalogue.none');
  return { ok: false, diagnostics: [...problems, ...rest] };
}
