import { join } from 'node:path';
import { z } from 'zod';
import { PROBE_KINDS } from '../../../domain/channel.ts';
import { loadCatalogueFiles, type LoadResult } from '../../catalogue/catalogue.loader.ts';
import { DEMO_PLACEHOLDER_ENV } from '../../catalogue/demo-env.ts';
import type { RulesOptions } from './generate-rules.ts';

/**
 * How the committed alerts/ files are made from the demo catalogue. The regeneration script and the golden test both
 * use this, so the files in the repository are exactly what `kept rules` would write with these options.
 */
export const DEMO_RULES: { readonly catalogue: string; readonly outDir: string; readonly options: RulesOptions } = {
  catalogue: 'probes/demo.yaml',
  outDir: 'alerts',
  options: { runbookBaseUrl: 'https://demo.kept.invalid/runbooks/alerts', name: 'demo', job: 'kept' },
};

/**
 * Loads the demo catalogue for rule generation. Rules read claims and probe schedules, never probe options or
 * targets, so every probe kind's options are accepted as they are and the desk's addresses are placeholders.
 */
export function loadDemoCatalogue(root: string): Promise<LoadResult> {
  const optionSchemas = new Map(PROBE_KINDS.map((kind) => [kind, z.record(z.string(), z.unknown())] as const));
  return loadCatalogueFiles([join(root, DEMO_RULES.catalogue)], {
    env: DEMO_PLACEHOLDER_ENV,
    optionSchemas,
  });
}
