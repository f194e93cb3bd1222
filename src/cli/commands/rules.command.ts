import type { Command } from 'commander';
import { writeRules } from '../../adapters/alerting/rules/write-rules.ts';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';

/** The `kept rules` command's arguments, flags and action (its name and summary are in src/main.ts). */
export function defineRules(command: Command): void {
  command
    .requiredOption('-c, --catalogue <files...>', 'catalogue YAML files')
    .requiredOption('--runbook-url <url>', 'base URL of the runbooks; each alert links to <url>#<alertname>')
    .option('-o, --out <dir>', 'directory to write the rule files to', 'alerts')
    .option('--job <job>', 'the Prometheus job that scrapes Kept', 'kept')
    .option('--name <name>', 'rule file name part (default: the service name)')
    .option('--fleet', 'add the probe fleet alerts (kept run --queue): no worker in a location, queue lag, Redis')
    .action(
      async (opts: {
        catalogue: string[];
        runbookUrl: string;
        out: string;
        job: string;
        name?: string;
        fleet?: boolean;
      }) => {
        const catalogue = await loadCatalogueOrThrow(opts.catalogue, process.env, 'judge');
        const written = await writeRules(catalogue, opts.out, {
          runbookBaseUrl: opts.runbookUrl,
          job: opts.job,
          ...(opts.fleet === true ? { fleet: true } : {}),
          ...(opts.name === undefined ? {} : { name: opts.name }),
        });
        for (const path of written) console.log(`wrote ${path}`);
      },
    );
}
