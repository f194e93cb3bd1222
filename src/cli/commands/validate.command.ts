import type { Command } from 'commander';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';

/** The `kept validate` command's arguments, flags and action (its name and summary are in src/main.ts). */
export function defineValidate(command: Command): void {
  command
    .argument('<files...>', 'catalogue YAML files or directories')
    .option('--offline', "check without the probes' and receivers' addresses and secrets: their ${VAR}s are not read")
    .action(async (files: string[], opts: { offline?: boolean }) => {
      const catalogue = await loadCatalogueOrThrow(files, process.env, opts.offline ? 'check' : 'connect');
      console.log(
        `ok: ${catalogue.claims.length} claims, ${catalogue.probes.length} probes, ${catalogue.receivers.length} receivers, ${catalogue.routes.length} routes`,
      );
    });
}
