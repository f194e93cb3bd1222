import type { Command } from 'commander';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';

/** The `kept validate` command's arguments, flags and action (its name and summary are in src/main.ts). */
export function defineValidate(command: Command): void {
  command
    .argument('<files...>', 'catalogue YAML files or directories')
    .option('--offline', "check without the probes' and receivers' addresses and secrets: their ${VAR}s are not read")
    .action(async (files: string[], opts: { offline?: boolean }) => {
      // Warnings are printed (standard error) but do not fail validation: the exit code stays 0.
      let warnings = 0;
      const warn = (lines: readonly string[]): void => {
        warnings = lines.length;
        for (const line of lines) console.error(line);
      };
      const catalogue = await loadCatalogueOrThrow(files, process.env, opts.offline ? 'check' : 'connect', warn);
      const warned = warnings === 0 ? '' : ` (${warnings} warning${warnings === 1 ? '' : 's'})`;
      const collectors = catalogue.collectors?.length ?? 0;
      const collected = collectors === 0 ? '' : `, ${collectors} collectors`;
      console.log(
        `ok: ${catalogue.claims.length} claims, ${catalogue.probes.length} probes${collected}, ${catalogue.receivers.length} receivers, ${catalogue.routes.length} routes${warned}`,
      );
    });
}
