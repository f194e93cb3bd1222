import type { Command } from 'commander';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check catalogue files and report every problem with file:line:column')
    .argument('<files...>', 'catalogue YAML files or directories')
    .action(async (files: string[]) => {
      // Warnings are printed (standard error) but do not fail validation: the exit code stays 0.
      let warnings = 0;
      const warn = (lines: readonly string[]): void => {
        warnings = lines.length;
        for (const line of lines) console.error(line);
      };
      const catalogue = await loadCatalogueOrThrow(files, process.env, warn);
      const warned = warnings === 0 ? '' : ` (${warnings} warning${warnings === 1 ? '' : 's'})`;
      console.log(
        `ok: ${catalogue.claims.length} claims, ${catalogue.probes.length} probes, ${catalogue.receivers.length} receivers, ${catalogue.routes.length} routes${warned}`,
      );
    });
}
