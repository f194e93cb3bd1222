import type { ProbeSpec } from '../../domain/catalogue.ts';
import { channelOf, type ClaimChannel } from '../../domain/channel.ts';
import { requiredShare, type Claim } from '../../domain/claim.ts';
import type { ExtractedClaim } from '../../domain/copy/extracted-claim.ts';
import { formatDuration } from '../../domain/duration.ts';
import { hourStartOf, tallyJudgements } from '../../domain/evaluation/tally.ts';
import { evaluateClaim, type Verdict } from '../../domain/evaluation/verdict.ts';
import { judge, type Judgement } from '../../domain/judgement.ts';
import type { Observation } from '../../domain/observation.ts';
import { evaluateAverage } from '../../domain/signoff/average.ts';
import type { MappedPart } from '../../domain/signoff/claim-mapping.ts';
import { canonicalJson, signoffStatusOf, type SignoffStatus } from '../../domain/signoff/signoff-verdict.ts';
import { suggestWording, wordingSample } from '../../domain/signoff/truthful-wording.ts';
import type { ObservationStore } from '../ports.ts';
import type { JudgedClaim, SignoffDeps } from './signoff.types.ts';

const PAGE = 10_000;

/** The catalogue's probes that measure a channel. */
export function probesOn(probes: readonly ProbeSpec[], channel: ClaimChannel): ProbeSpec[] {
  return probes.filter((p) => channelOf(p.kind) === channel);
}

/** The start of the latest recorded run of any of the probes, or null when none has run. */
export async function latestRun(store: ObservationStore, probeIds: readonly string[]): Promise<number | null> {
  const runs = await Promise.all(probeIds.map((id) => store.lastRunAt(id)));
  const known = runs.filter((t): t is number => t !== undefined);
  return known.length === 0 ? null : Math.max(...known);
}

/**
 * Every stored raw observation of the probes in [from, to), newest first. The store answers at most 10,000 per query,
 * newest first, so each probe is read page by page, moving the end of the range back to the oldest one seen.
 */
export async function observationsOf(
  store: ObservationStore,
  probeIds: readonly string[],
  from: number,
  to: number,
): Promise<Observation[]> {
  const seen = new Map<string, Observation>();
  for (const probeId of probeIds) {
    let end = to;
    for (;;) {
      const page = await store.observations({ probeId, from, to: end, limit: PAGE });
      let added = 0;
      for (const o of page) {
        if (!seen.has(o.id)) {
          seen.set(o.id, o);
          added += 1;
        }
      }
      if (page.length < PAGE) break;
      const oldest = Math.min(...page.map((o) => o.startedAt));
      // Overlap by a millisecond so observations sharing the oldest instant are not skipped; stop if nothing was new.
      end = added === 0 ? oldest : oldest + 1;
      if (end <= from) break;
    }
  }
  return [...seen.values()].sort((a, b) => b.startedAt - a.startedAt);
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
export const DEFAULT_RAW_RETENTION_MS = 35 * DAY_MS;

type Judged = { readonly observation: Observation; readonly judgement: Judgement };

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + 'Z';

function noEvidence(
  part: MappedPart,
  extracted: ExtractedClaim,
  reason: string,
  probes: readonly string[],
  digest: (t: string) => string,
): JudgedClaim {
  return {
    id: part.id,
    channel: part.channel,
    extracted,
    claim: part.claim,
    status: 'unproven',
    reasons: [reason],
    notes: part.notes,
    basis: 'none',
    matchedClaimId: part.match?.id ?? null,
    probes,
    verdict: null,
    average: null,
    examples: [],
    suggestion: null,
    evidence: {
      from: 0,
      to: 0,
      latestAt: null,
      observations: 0,
      digest: digest(canonicalJson({ id: part.id, status: 'unproven', reason })),
    },
  };
}

/** Whether the probes' claims were being monitored before `at`: then older raw observations existed and were pruned. */
async function monitoredBefore(deps: SignoffDeps, probeIds: readonly string[], at: number): Promise<boolean> {
  const claimIds = [
    ...new Set(deps.catalogue.probes.filter((p) => probeIds.includes(p.id)).flatMap((p) => p.verifies)),
  ];
  if (claimIds.length === 0) return false;
  const since = await deps.store.monitoringSince(claimIds);
  return [...since.values()].some((t) => t < at);
}

/** The verdict from a matched catalogue claim's hourly rollups over the whole window (they outlive raw retention). */
async function rollupVerdict(
  deps: SignoffDeps,
  claim: Claim,
  match: Claim,
  from: number,
  to: number,
): Promise<Verdict> {
  const [tallies, since] = await Promise.all([
    deps.store.tallies([match.id], from, to),
    deps.store.monitoringSince([match.id]),
  ]);
  const start = Math.max(from, since.get(match.id) ?? from);
  const verdict = evaluateClaim({ ...claim, id: match.id }, tallies.get(match.id) ?? [], {
    from: start,
    to,
    coverageTo: Math.max(start, hourStartOf(to)),
  });
  return { ...verdict, claimId: claim.id };
}

/** The verdict from judging the raw observations themselves, from the first one on. */
function rawVerdict(claim: Claim, judged: readonly Judged[], from: number, to: number): Verdict {
  const first = judged.reduce((min, j) => Math.min(min, j.observation.startedAt), to);
  const start = Math.max(from, judged.length === 0 ? from : first);
  return evaluateClaim(claim, tallyJudgements(judged.map((j) => j.judgement)), {
    from: start,
    to,
    coverageTo: Math.max(start, hourStartOf(to)),
  });
}

function suggestionFor(claim: Claim, judged: readonly Judged[]) {
  const samples = judged
    .filter((j) => j.observation.outcome !== 'inconclusive')
    .map((j) => wordingSample(claim.promise, j.observation, claim.hours.timeZone));
  return suggestWording({
    channels: claim.channels,
    promise: claim.promise,
    share: requiredShare(claim.target),
    timeZone: claim.hours.timeZone,
    samples,
  });
}

/**
 * What one sign-off reads and works out once and shares between its claims: copy repeats itself (a 250 KB page held
 * 750 claims), and judging each claim against every observation afresh made sign-off quadratic in practice (13-17 s).
 * Keys are the probes and the window; judgements depend only on a claim's hours and promise.
 */
export interface EvidenceMemo {
  latestRun(probeIds: readonly string[]): Promise<number | null>;
  observations(probeIds: readonly string[], from: number, to: number): Promise<Observation[]>;
  judged(claim: Claim, raw: readonly Observation[], key: string): readonly Judged[];
  rollup(claim: Claim, match: Claim, from: number, to: number): Promise<Verdict>;
}

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = make();
  cache.set(key, value);
  return value;
}

/** A memo for one sign-off or one watch pass; the store is read once per probe set and window. */
export function createEvidenceMemo(deps: SignoffDeps): EvidenceMemo {
  const latest = new Map<string, Promise<number | null>>();
  const raw = new Map<string, Promise<Observation[]>>();
  const judgements = new Map<string, readonly Judged[]>();
  const rollups = new Map<string, Promise<Verdict>>();
  return {
    latestRun: (probeIds) => remember(latest, probeIds.join('\n'), () => latestRun(deps.store, probeIds)),
    observations: (probeIds, from, to) =>
      remember(raw, `${probeIds.join('\n')}|${from}|${to}`, () => observationsOf(deps.store, probeIds, from, to)),
    judged: (claim, observations, key) =>
      remember(judgements, `${key}|${canonicalJson({ hours: claim.hours, promise: claim.promise })}`, () =>
        observations.map((observation) => ({ observation, judgement: judge(claim, observation) })),
      ),
    rollup: async (claim, match, from, to) => {
      const verdict = await remember(
        rollups,
        `${match.id}|${canonicalJson({ ...claim, id: '', copy: '' })}|${from}|${to}`,
        () => rollupVerdict(deps, claim, match, from, to),
      );
      return { ...verdict, claimId: claim.id };
    },
  };
}

/**
 * Judges one channel of one claim in copy over the window ending at the channel's latest evidence (or now, if later
 * probes ran since): from its matched catalogue claim's rollups when there is one, else from the raw observations of
 * the channel's probes, which the store keeps for `rawRetentionMs` only. Evidence older than the catalogue's
 * evaluation window cannot make a claim supported.
 */
export async function judgePart(
  deps: SignoffDeps,
  part: MappedPart,
  extracted: ExtractedClaim,
  sinceMs: number,
  memo: EvidenceMemo = createEvidenceMemo(deps),
): Promise<JudgedClaim> {
  const probes = probesOn(deps.catalogue.probes, part.channel).map((p) => p.id);
  if (part.claim === null)
    return noEvidence(part, extracted, part.unjudgeable ?? 'cannot be judged', probes, deps.digest);
  if (probes.length === 0)
    return noEvidence(part, extracted, `no probe in the catalogue measures ${part.channel}`, probes, deps.digest);
  const latestAt = await memo.latestRun(probes);
  if (latestAt === null)
    return noEvidence(part, extracted, `the ${part.channel} probes have no observations yet`, probes, deps.digest);

  const claim = part.claim;
  const now = deps.clock.now();
  const notes = [...part.notes];
  const to = Math.min(now, latestAt + 1);
  const from = to - sinceMs;
  const retention = deps.rawRetentionMs ?? DEFAULT_RAW_RETENTION_MS;
  const rawFrom = Math.max(from, now - retention);
  const raw = await memo.observations(probes, rawFrom, to);
  const judged = memo.judged(claim, raw, `${probes.join('\n')}|${rawFrom}|${to}`);

  let verdict: Verdict;
  if (part.match !== null) {
    verdict = await memo.rollup(claim, part.match, from, to);
    notes.push(
      `same channel, promise and hours as catalogue claim "${part.match.id}": its hourly rollups over the whole window are the evidence`,
    );
  } else {
    verdict = rawVerdict(claim, judged, rawFrom, to);
    if (rawFrom > from && (await monitoredBefore(deps, probes, rawFrom))) {
      notes.push(
        `raw observations are kept ${formatDuration(retention)}, so the window was shortened to ${formatDuration(to - rawFrom)}`,
      );
    }
  }
  const span = verdict.window.to - verdict.window.from;
  if (span < WEEK_MS && verdict.samples.counted > 0) {
    notes.push(
      `the evidence covers only ${formatDuration(span)} of monitoring (${iso(verdict.window.from)} to ${iso(verdict.window.to)}): hours of the week outside it were not required`,
    );
  }
  const average = part.statistic === 'average' ? evaluateAverage(claim, judged, verdict) : null;
  let status: SignoffStatus = signoffStatusOf(average?.status ?? verdict.status);
  const reasons = [...(average?.reasons ?? verdict.reasons)];
  const staleMs = now - latestAt;
  if (staleMs > deps.catalogue.evaluation.windowMs) {
    if (status === 'supported') status = 'unproven';
    reasons.unshift(
      `the latest ${part.channel} observation is from ${iso(latestAt)}, ${formatDuration(staleMs)} ago: the probes may have stopped`,
    );
  } else if (to < now - 3_600_000) {
    notes.push(`the evidence ends at the latest ${part.channel} observation, ${iso(latestAt)}`);
  }

  const examples = judged
    .filter((j) => j.judgement.counted && !j.judgement.met)
    .slice(0, deps.maxExamples ?? 5)
    .map((j) => ({ observation: j.observation, reason: j.judgement.reason }));
  const counted = judged
    .filter((j) => j.judgement.counted)
    .map((j) => j.observation.id)
    .sort();
  const digest = deps.digest(canonicalJson({ claim, status, verdict, average, observationIds: counted }));
  return {
    id: part.id,
    channel: part.channel,
    extracted,
    claim,
    status,
    reasons,
    notes,
    basis: part.match !== null ? 'catalogue rollups' : 'raw observations',
    matchedClaimId: part.match?.id ?? null,
    probes,
    verdict,
    average,
    examples,
    suggestion: status === 'supported' ? null : suggestionFor(claim, judged),
    evidence: { from: verdict.window.from, to, latestAt, observations: raw.length, digest },
    ...platformOf(deps, part, reasons, notes),
  };
}

/**
 * The platform's witness of the matched catalogue claim (collectors), when the service reads one: a note with its
 * figure, and a reason when it and the probes disagree (the probes stand for what customers live through, so the
 * status stays theirs). Adds to `reasons` and `notes` in place.
 */
function platformOf(deps: SignoffDeps, part: MappedPart, reasons: string[], notes: string[]) {
  const two = part.match === null ? undefined : deps.witnesses?.().get(part.match.id);
  if (two === undefined) return {};
  const p = two.population;
  const share =
    p.compliance === null
      ? 'no contacts counted'
      : `${(p.compliance * 100).toFixed(1)}% of ${p.contacts.counted} contacts`;
  notes.push(`the platform's own figures (${p.collectors.join(', ') || 'no reading yet'}): ${share} met the promise`);
  if (two.discrepancy !== null)
    reasons.push(`the platform's figures and the probes disagree: ${two.discrepancy.reason}`);
  return {
    platform: {
      status: p.status,
      contacts: p.contacts.counted,
      compliance: p.compliance,
      collectors: p.collectors,
      discrepancy: two.discrepancy?.reason ?? null,
    },
  };
}
