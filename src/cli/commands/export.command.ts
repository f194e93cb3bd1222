import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { catalogueToOpenSlo } from '../../adapters/openslo/openslo.mapping.ts';
import { openSloYaml } from '../../adapters/openslo/openslo.yaml.ts';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';

/** The `kept export` command's formats (its name and summary are in src/main.ts). */
export function defineExport(command: Command): void {
  command
    .command('openslo')
    .description('write every claim as OpenSLO v1 SLO, SLI and AlertPolicy documents (docs/openslo.md)')
    .requiredOption('-c, --catalogue <files...>', 'catalogue YAML files')
    .option('-o, --out <file>', 'file to write the YAML to, or - for standard output', '-')
    .option('--job <job>', 'the Prometheus job that scrapes Kept, in the SLI queries', 'kept')
    .action(async (opts: { catalogue: string[]; out: string; job: string }) => {
      // Like `kept rules`: the claims are read, never the probes' connection settings or secrets.
      const catalogue = await loadCatalogueOrThrow(opts.catalogue, process.env, 'judge');
      const text = openSloYaml(catalogueToOpenSlo(catalogue, { job: opts.job }), opts.catalogue.join(', '));
      if (opts.out === '-') process.stdout.write(text);
      else {
        await writeFile(opts.out, text);
        console.log(`wrote ${opts.out}`);
      }
    });
}
