import { loadCatalogueFiles } from '../adapters/catalogue/catalogue.loader.ts';
import { formatDiagnostic } from '../adapters/catalogue/diagnostic.ts';
import type { Catalogue } from '../domain/catalogue.ts';
import { validationError } from '../domain/errors.ts';
import { optionSchemas } from './channel-registry.ts';

/** Loads the catalogue or throws a validation error listing every problem, one per line, with file:line:column. */
export async function loadCatalogueOrThrow(paths: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Catalogue> {
  if (paths.length === 0) throw validationError('catalogue.missing', 'no catalogue given; pass -c <file.yaml>');
  const result = await loadCatalogueFiles(paths, { env, optionSchemas: optionSchemas() });
  if (result.ok) return result.catalogue;
  const lines = result.diagnostics.map(formatDiagnostic);
  const count = lines.length === 1 ? '1 problem' : `${lines.length} problems`;
  throw validationError('catalogue.invalid', `the catalogue has ${count}; Kept will not start until they are fixed:\n${lines.join('\n')}`);
}
