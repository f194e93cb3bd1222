import type { Command } from 'commander';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check catalogue files and report every problem with file:line:column')
    .argument('<files...>', 'catalogue YAML files or directories')
    .action(async (files: string[]) => {
      const catalogue = await loadCatalogueOrThrow(files);
      console.log(
        `ok: ${catalogue.claims.length} claims, ${catalogue.probes.length} probes, ${catalogue.receivers.length} receivers, ${catalogue.routes.length} routes`,
      );
    });
}
