import { loadCatalogueFiles } from '../adapters/catalogue/catalogue.loader.ts';
import { formatDiagnostic } from '../adapters/catalogue/diagnostic.ts';
import type { Catalogue } from '../domain/catalogue.ts';
import { validationError } from '../domain/errors.ts';
import { optionSchemas } from './channel-registry.ts';

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
  warn: WarningSink = toStandardError,
): Promise<Catalogue> {
  if (paths.length === 0) throw validationError('catalogue.missing', 'no catalogue given; pass -c <file.yaml>');
  const result = await loadCatalogueFiles(paths, { env, optionSchemas: optionSchemas() });
  if (result.ok) {
    if (result.warnings.length > 0) warn(result.warnings.map(formatDiagnostic));
    return result.catalogue;
  }
  const lines = result.diagnostics.map(formatDiagnostic);
  const count = lines.length === 1 ? '1 problem' : `${lines.length} problems`;
  throw validationError('catalogue.invalid', `the catalogue has ${count}; Kept will not start until they are fixed:\n${lines.join('\n')}`);
}
