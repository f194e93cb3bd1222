import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import type { Clock, ObservationStore } from '../../app/ports.ts';
import { approveCopy } from '../../app/signoff/approve.ts';
import { signOffCopy } from '../../app/signoff/sign-off.ts';
import type { SignoffDeps, SignoffReport } from '../../app/signoff/signoff.types.ts';
import { systemClock } from '../../adapters/clock/system.clock.ts';
import { approveResultJson, signoffReportJson } from '../../adapters/reports/signoff.json.ts';
import { signoffReportHtml } from '../../adapters/reports/signoff.html.ts';
import { signoffReportMarkdown } from '../../adapters/reports/signoff.markdown.ts';
import { signoffReportText } from '../../adapters/reports/signoff.text.ts';
import { parseCopyFormat } from '../../adapters/http/signoff.routes.ts';
import { readCopyWithin } from '../../adapters/signoff/copy-input.ts';
import { openSignoffStore } from '../../adapters/stores/sqlite/signoff.store.ts';
import type { Catalogue } from '../../domain/catalogue.ts';
import { detectFormat } from '../../domain/copy/copy-text.ts';
import { extractClaims } from '../../domain/copy/extract-claims.ts';
import { parseDuration } from '../../domain/duration.ts';
import { KeptError, validationError } from '../../domain/errors.ts';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';
import { durationFlag } from '../flags.ts';
import { createJsonLogger } from '../logger.ts';
import { openStore, storeOptions, type StoreFlags } from '../store-input.ts';

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The sign-off use case's dependencies, wired to the real extractor, SHA-256 and the given store and clock. */
export function buildSignoffDeps(
  catalogue: Catalogue,
  store: ObservationStore,
  clock: Clock,
  filename?: string,
): SignoffDeps {
  return {
    catalogue,
    store,
    clock,
    extract: (input, options) => extractClaims(input, options),
    detectFormat: (input) => detectFormat(input, filename),
    digest: sha256Hex,
  };
}

/** Where sign-off records live: beside the observations, in their own file. */
export const signoffsPath = (dataDir: string): string => join(dataDir, 'signoffs.db');

type Output = 'text' | 'markdown' | 'html';

interface SignoffFlags extends StoreFlags {
  readonly catalogue: string[];
  readonly since: string;
  readonly json?: boolean;
  readonly format: string;
  readonly inputFormat?: string;
  readonly out?: string;
  readonly approve?: boolean;
  readonly approver?: string;
  readonly claims?: string;
}

function render(report: SignoffReport, output: Output, source: string): string {
  if (output === 'html') return signoffReportHtml(report);
  if (output === 'markdown') return signoffReportMarkdown(report);
  return signoffReportText(report, source);
}

/** The `kept signoff` command's arguments, flags and action (its name and summary are in src/main.ts). */
export function defineSignoff(command: Command): void {
  command
    .argument('<file>', 'the copy: an HTML, Markdown or text file, or - for standard input')
    .requiredOption('-c, --catalogue <files...>', 'catalogue YAML files')
    .option('--since <duration>', 'evidence window, e.g. 30d or 90d', durationFlag, '90d')
    .option('--json', 'print the report as JSON')
    .option('--format <format>', 'report format: text, markdown or html', 'text')
    .option(
      '--input-format <format>',
      "the copy's format: text, markdown or html (default: from the file name or content)",
    )
    .option('--out <file>', 'write the report to this file and print a summary')
    .option('--approve', 'sign off every supported claim (or those in --claims), stored in <data>/signoffs.db')
    .option('--approver <name>', 'who signs off (with --approve)')
    .option('--claims <ids>', 'with --approve: only these claims, e.g. c2,c3');
  storeOptions(command).action(async (file: string, opts: SignoffFlags) => {
    if (!['text', 'markdown', 'html'].includes(opts.format))
      throw validationError('signoff.output', '--format must be text, markdown or html');
    if (opts.approve && (opts.approver === undefined || opts.approver.trim() === '')) {
      throw validationError('signoff.approver', '--approve needs --approver "Full Name"');
    }
    const sinceMs = parseDuration(opts.since);
    // At most 256 KB, as over the API: a larger file or standard input is refused before it is read whole.
    const copy = await readCopyWithin(file).catch((error: unknown) => {
      if (error instanceof KeptError) throw error;
      throw validationError(
        'signoff.input',
        `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    const inputFormat = parseCopyFormat(opts.inputFormat);
    const catalogue = await loadCatalogueOrThrow(opts.catalogue, process.env, 'judge');
    const store = await openStore(opts, { clock: systemClock, log: createJsonLogger(process.stderr, true) });
    try {
      const deps = buildSignoffDeps(catalogue, store, systemClock, file === '-' ? undefined : file);
      const request = { copy, sinceMs, ...(inputFormat ? { format: inputFormat } : {}) };
      let report: SignoffReport;
      let approval: ReturnType<typeof approveResultJson> | null = null;
      if (opts.approve) {
        const records = await openSignoffStore(signoffsPath(opts.data));
        try {
          const claimIds = opts.claims
            ?.split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '');
          const result = await approveCopy(deps, records, {
            ...request,
            approver: opts.approver as string,
            ...(claimIds ? { claimIds } : {}),
          });
          report = result.report;
          approval = approveResultJson(result);
        } finally {
          await records.close();
        }
      } else {
        report = await signOffCopy(deps, request);
      }
      const source = file === '-' ? 'standard input' : basename(file);
      const text = opts.json
        ? JSON.stringify(approval ?? signoffReportJson(report), null, 2)
        : render(report, opts.format as Output, source);
      if (opts.out !== undefined) {
        await writeFile(opts.out, `${text}\n`);
        console.log(signoffReportText(report, source).split('\n')[0]);
        console.log(`report written to ${opts.out}`);
      } else {
        console.log(text);
      }
      if (approval !== null && !opts.json) {
        for (const r of approval.approved)
          console.log(`signed off #${r.id} ${r.claim} "${r.text}" by ${r.approver} (${r.digest})`);
        for (const r of approval.refused) console.log(`not signed off ${r.id}: ${r.reason}`);
      }
      process.exitCode = report.exitCode;
    } finally {
      await store.close();
    }
  });
}
