import type { Command } from 'commander';
import { createClaimBook, recoverDerivedClaims } from '../../app/claim-book.ts';
import { evaluateClaims } from '../../app/evaluate-claims.ts';
import { systemClock } from '../../adapters/clock/system.clock.ts';
import { claimSummaryJson, verdictJson } from '../../adapters/json/verdict.json.ts';
import { parseDuration } from '../../domain/duration.ts';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';
import { durationFlag } from '../flags.ts';
import { createJsonLogger } from '../logger.ts';
import { openStore, storeOptions, type StoreFlags } from '../store-input.ts';

const pct = (x: number | null): string => (x === null ? '   -  ' : `${(x * 100).toFixed(1).padStart(5)}%`);

/** The `kept verdicts` command's arguments, flags and action (its name and summary are in src/main.ts). */
export function defineVerdicts(command: Command): void {
  command
    .requiredOption('-c, --catalogue <files...>', 'catalogue YAML files')
    .option('--since <duration>', 'window length, e.g. 24h, 7d, 90d', durationFlag, '7d')
    .option('--json', 'print verdicts as JSON');
  storeOptions(command).action(async (opts: StoreFlags & { catalogue: string[]; since: string; json?: boolean }) => {
    const catalogue = await loadCatalogueOrThrow(opts.catalogue, process.env, 'judge');
    const windowMs = parseDuration(opts.since);
    const store = await openStore(opts, { clock: systemClock, log: createJsonLogger(process.stderr, true) });
    try {
      const now = systemClock.now();
      // Claims derived from observations (an email auto-reply's promise) judged in the window are shown too.
      const book = createClaimBook(catalogue);
      await recoverDerivedClaims(store, catalogue, book, now - windowMs, now + 1);
      const verdicts = await evaluateClaims(store, book.claims(), now, windowMs, catalogue.probes);
      if (opts.json) {
        const byId = new Map(verdicts.map((v) => [v.claimId, v]));
        const claims = book.claims().map((c) => {
          const v = byId.get(c.id);
          const mailbox = book.derivedFrom(c.id);
          return {
            ...claimSummaryJson(c, v),
            ...(mailbox === undefined ? {} : { derivedFrom: mailbox.id }),
            verdict: v === undefined ? null : verdictJson(v),
          };
        });
        console.log(JSON.stringify({ since: opts.since, claims }, null, 2));
        return;
      }
      for (const v of verdicts) {
        const claim = book.claim(v.claimId);
        const mailbox = book.derivedFrom(v.claimId);
        console.log(
          `${v.status.toUpperCase().padEnd(8)} ${v.claimId}  compliance ${pct(v.compliance)}  n=${v.samples.counted}  coverage ${pct(v.coverage.ratio)}`,
        );
        console.log(
          `         "${claim?.copy ?? ''}"${mailbox === undefined ? '' : ` (promised by the auto-reply of ${mailbox.id})`}`,
        );
        for (const reason of v.reasons) console.log(`         - ${reason}`);
        if (v.worstHours.length > 0)
          console.log(
            `         worst hours: ${v.worstHours.map((h) => `${h.label} ${pct(h.compliance).trim()}`).join(', ')}`,
          );
      }
    } finally {
      await store.close();
    }
  });
}
