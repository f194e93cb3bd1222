import { z } from 'zod';
import { loadCatalogueFiles, type LoadResult } from '../adapters/catalogue/catalogue.check.ts';
import { formatDiagnostic } from '../adapters/catalogue/diagnostic.ts';
import type { Catalogue } from '../domain/catalogue.ts';
import { PROBE_KINDS, type ProbeKind } from '../domain/channel.ts';
import { validationError } from '../domain/errors.ts';
import { COLLECTOR_PLATFORMS } from '../domain/population/collector-spec.ts';
import { namedInCatalogue } from './catalogue-kinds.ts';

/**
 * What a command does with the catalogue, which decides what it reads:
 * - `connect` (run, probe, validate): every `${VAR}` filled in and each probe's options checked by its channel; a
 *   missing variable refuses the start.
 * - `check` (validate --offline): everything checked, but the probes' and receivers' connection settings keep their
 *   `${VAR}` as written and the environment is not read for them (no addresses or passwords needed).
 * - `judge` (signoff, verdicts, rules): as `check`, and probe options are taken as written without loading any channel:
 *   these commands read claims and stored evidence, never connect.
 */
export type CatalogueUse = 'connect' | 'check' | 'judge';

/** Probe options taken as written: a `judge` command never reads them, so no channel is loaded to check them. */
const asWritten = (): ReadonlyMap<ProbeKind, z.ZodType> =>
  new Map(PROBE_KINDS.map((kind) => [kind, z.record(z.string(), z.unknown())]));

/** Every collector platform's options schema: a `judge` command checks collectors as `check` does. */
const all = async (): Promise<ReadonlyMap<string, z.ZodType>> =>
  (await import('./collector-option-loaders.ts')).loadCollectorOptionSchemas(COLLECTOR_PLATFORMS);

/** What the loader says of a probe kind or collector platform whose options schema it was not given. */
const NO_SCHEMA = new Set(['probe.no-adapter', 'collector.no-adapter']);

/**
 * Loads the catalogue with the option schemas of the channels and collector platforms it names only
 * (src/cli/channel-option-loaders.ts, collector-option-loaders.ts; the channels and collectors themselves are never
 * loaded here). Should the files name one the scan missed, the loader reports it as having no adapter: every schema
 * is loaded then and the catalogue checked again; the outcome never depends on the scan.
 */
async function loadChecked(
  paths: readonly string[],
  env: NodeJS.ProcessEnv,
  connections: 'resolve' | 'defer',
): Promise<LoadResult> {
  const [{ loadChannelOptionSchemas }, { loadCollectorOptionSchemas }] = await Promise.all([
    import('./channel-option-loaders.ts'),
    import('./collector-option-loaders.ts'),
  ]);
  const named = await namedInCatalogue(paths, env);
  const first = await loadCatalogueFiles(paths, {
    env,
    optionSchemas: await loadChannelOptionSchemas(named.kinds),
    collectorOptionSchemas: await loadCollectorOptionSchemas(named.platforms),
    connections,
  });
  const scanMissed = !first.ok && first.diagnostics.some((diagnostic) => NO_SCHEMA.has(diagnostic.code));
  if (!scanMissed) return first;
  return loadCatalogueFiles(paths, {
    env,
    optionSchemas: await loadChannelOptionSchemas(PROBE_KINDS),
    collectorOptionSchemas: await loadCollectorOptionSchemas(COLLECTOR_PLATFORMS),
    connections,
  });
}

/** Where a loaded catalogue's warnings go, one `file:line:column: warning: ...` line each. */
export type WarningSink = (lines: readonly string[]) => void;

const toStandardError: WarningSink = (lines) => {
  for (const line of lines) console.error(line);
};

/**
 * Loads the catalogue or throws a validation error listing every problem, one per line, with file:line:column.
 * Warnings do not stop it: they go to `warn` (standard error unless a command logs them its own way).
 */
export async function loadCatalogueOrThrow(
  paths: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  use: CatalogueUse = 'connect',
  warn: WarningSink = toStandardError,
): Promise<Catalogue> {
  if (paths.length === 0) throw validationError('catalogue.missing', 'no catalogue given; pass -c <file.yaml>');
  const connections = use === 'connect' ? 'resolve' : 'defer';
  const result =
    use === 'judge'
      ? await loadCatalogueFiles(paths, {
          env,
          optionSchemas: asWritten(),
          collectorOptionSchemas: await all(),
          connections,
        })
      : await loadChecked(paths, env, connections);
  if (result.ok) {
    if (result.warnings.length > 0) warn(result.warnings.map(formatDiagnostic));
    return result.catalogue;
  }
  const lines = result.diagnostics.map(formatDiagnostic);
  const count = lines.length === 1 ? '1 problem' : `${lines.length} problems`;
  const consequence = use === 'connect' ? 'Kept will not start until they are fixed' : 'fix them first';
  throw validationError('catalogue.invalid', `the catalogue has ${count}; ${consequence}:\n${lines.join('\n')}`);
}
