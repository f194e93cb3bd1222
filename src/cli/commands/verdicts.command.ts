import type { Command } from 'commander';
import { createClaimBook, recoverDerivedClaims } from '../../app/claim-book.ts';
import { evaluateClaims } from '../../app/evaluate-claims.ts';
import { readLocationEvidence, type LocationEvidence } from '../../app/location-evidence.ts';
import { systemClock } from '../../adapters/clock/system.clock.ts';
import { claimSummaryJson, verdictJson, witnessesJson } from '../../adapters/json/verdict.json.ts';
import type { Catalogue } from '../../domain/catalogue.ts';
import type { Verdict } from '../../domain/evaluation/verdict.ts';
import { witnessesOf, type TwoWitnesses } from '../../domain/population/discrepancy.ts';
import { parseDuration } from '../../domain/duration.ts';
import { loadCatalogueOrThrow } from '../catalogue-input.ts';
import { durationFlag } from '../flags.ts';
import { createJsonLogger } from '../logger.ts';
import { openStore, storeOptions, type StoreFlags } from '../store-input.ts';

const pct = (x: number | null): string => (x === null ? '   -  ' : `${(x * 100).toFixed(1).padStart(5)}%`);

/**
 * The platform's witness of each claim a collector verifies (read from the population store beside the observations)
 * and its discrepancy with the probes' verdicts; empty when the catalogue has no collectors.
 */
async function witnessesFor(
  catalogue: Catalogue,
  opts: StoreFlags,
  verdicts: readonly Verdict[],
  now: number,
  windowMs: number,
): Promise<ReadonlyMap<string, TwoWitnesses>> {
  const collectors = catalogue.collectors ?? [];
  if (collectors.length === 0) return new Map();
  const { openPopulationStore } = await import('../population-store-input.ts');
  const { evaluatePopulationClaims } = await import('../../app/collect-population-verdicts.ts');
  const population = await openPopulationStore(opts);
  try {
    const claims = catalogue.claims.filter((c) => collectors.some((collector) => collector.verifies.includes(c.id)));
    const window = { from: now - windowMs, to: now };
    return witnessesOf(verdicts, await evaluatePopulationClaims({ store: population, claims, collectors, window }));
  } finally {
    await population.close();
  }
}

/** Plain lines for the platform's witness of a claim, beside the probes' line above them. */
function witnessLines(two: TwoWitnesses): string[] {
  const p = two.population;
  const collectors = p.collectors.join(', ') || 'no reading';
  const lines = [
    `         platform (${collectors}): ${p.status} compliance ${pct(p.compliance).trim()}  n=${p.contacts.counted} contacts`,
  ];
  if (two.discrepancy !== null) lines.push(`         DISCREPANCY: ${two.discrepancy.reason}`);
  return lines;
}

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
      const witnesses = await witnessesFor(catalogue, opts, verdicts, now, windowMs);
      // Per location, for claims whose probes name `locations` (fleet.md, "Locations").
      const places = new Map<string, LocationEvidence[]>();
      for (const v of verdicts) {
        const claim = book.claim(v.claimId);
        if (claim === undefined) continue;
        const read = await readLocationEvidence(store, catalogue.probes, claim, (c, o) => book.judge(c, o), v.window);
        if (read !== undefined) places.set(v.claimId, read.locations);
      }
      if (opts.json) {
        const byId = new Map(verdicts.map((v) => [v.claimId, v]));
        const claims = book.claims().map((c) => {
          const v = byId.get(c.id);
          const mailbox = book.derivedFrom(c.id);
          return {
            ...claimSummaryJson(c, v, witnesses.get(c.id)),
            ...(mailbox === undefined ? {} : { derivedFrom: mailbox.id }),
            verdict: v === undefined ? null : verdictJson(v),
            ...(witnesses.has(c.id) ? { witnesses: witnessesJson(v, witnesses.get(c.id)) } : {}),
            ...(places.has(c.id) ? { locations: places.get(c.id) } : {}),
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
        const two = witnesses.get(v.claimId);
        if (two !== undefined) for (const line of witnessLines(two)) console.log(line);
        for (const l of places.get(v.claimId) ?? [])
          console.log(
            `         from ${l.location}: ${l.status} compliance ${pct(l.compliance).trim()} n=${l.samples.counted} (${l.attempts} attempts)`,
          );
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
