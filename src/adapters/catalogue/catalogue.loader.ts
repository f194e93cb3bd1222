import { COLLECTOR_OPTION_SCHEMAS } from '../collectors/collector-factory.ts';
import * as check from './catalogue.check.ts';
import type { CollectorOptionSchemas } from './collectors.schema.ts';

/**
 * The catalogue loader (catalogue.check.ts), with every collector platform's options schema unless a caller gives
 * its own. `kept validate` calls catalogue.check.ts itself with only the platforms its catalogue names
 * (src/cli/catalogue-input.ts), so it never loads this module and the nine platforms' schemas it imports.
 */

export type { LoadResult } from './catalogue.check.ts';

/** As catalogue.check.ts takes them; `collectorOptionSchemas` defaults to every platform's. */
export type LoadOptions = Omit<check.LoadOptions, 'collectorOptionSchemas'> & {
  collectorOptionSchemas?: CollectorOptionSchemas;
};

/** Every collector platform's options schema (src/adapters/collectors/collector-factory.ts). */
export const allCollectorOptionSchemas = (): CollectorOptionSchemas =>
  new Map(Object.entries(COLLECTOR_OPTION_SCHEMAS));

const withDefaults = (options: LoadOptions): check.LoadOptions => ({
  ...options,
  collectorOptionSchemas: options.collectorOptionSchemas ?? allCollectorOptionSchemas(),
});

/** catalogue.check.ts's parseCatalogue: parses and checks catalogue files and merges them, or gives every problem. */
export const parseCatalogue = (
  sources: readonly { file: string; text: string }[],
  options: LoadOptions,
): check.LoadResult => check.parseCatalogue(sources, withDefaults(options));

/** catalogue.check.ts's loadCatalogueFiles: reads the files (a folder: its *.yaml, *.yml) and parses them as one. */
export const loadCatalogueFiles = (paths: readonly string[], options: LoadOptions): Promise<check.LoadResult> =>
  check.loadCatalogueFiles(paths, withDefaults(options));
