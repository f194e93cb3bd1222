import type { CoverageGap } from '../../../app/ports.ts';
import type { LocationEvidence } from '../../../app/location-evidence.ts';
import type { TwoWitnesses } from '../../../domain/population/discrepancy.ts';
import type { Catalogue } from '../../../domain/catalogue.ts';
import { describePromise, type Claim } from '../../../domain/claim.ts';
import { formatDuration } from '../../../domain/duration.ts';
import type { Verdict } from '../../../domain/evaluation/verdict.ts';
import type { Judgement } from '../../../domain/judgement.ts';
import type { Observation } from '../../../domain/observation.ts';
import { describeHours } from '../../../domain/signoff/week-ranges.ts';
import { LISTED_EVIDENCE_LIMITS, observationToJson } from '../../json/observation.json.ts';
import { badge, esc, heatmap, percent } from '../../reports/html-kit.ts';
import { webPage, when } from '../../reports/html-kit.ts';

const target = (c: Claim): string => (c.target.kind === 'absolute' ? 'absolute' : percent(c.target.share));

/** The platform's witness under a claim a collector verifies, and a flag when it and the probes disagree. */
function witnessLine(two: TwoWitnesses | undefined): string {
  if (two === undefined) return '';
  const p = two.population;
  const platform = `platform (${p.collectors.join(', ') || 'no reading yet'}): ${p.status}, ${percent(p.compliance)} of ${p.contacts.counted} contacts`;
  const flag =
    two.discrepancy === null
      ? ''
      : ` · <strong class="error discrepancy" title="${esc(two.discrepancy.reason)}">discrepancy</strong>${two.discrepancy.uncounted.length > 0 ? ` (the platform does not count the ${esc(two.discrepancy.uncounted.join(' and '))})` : ''}`;
  return `<div class="small witness">${esc(platform)}${flag}</div>`;
}

function claimRow(c: Claim, v: Verdict | undefined, two?: TwoWitnesses): string {
  const status = v?.status ?? 'unproven';
  const map =
    v === undefined ? '' : heatmap(v.hours, v.target.share, `${c.id}: hour of the week (${c.hours.timeZone})`);
  return `<tr class="claim-row" data-claim="${esc(c.id)}" data-status="${esc(status)}">
<td><a href="/claims/${encodeURIComponent(c.id)}">${esc(c.id)}</a><div class="small">${esc(c.copy)}</div>
<div class="small muted">${esc(c.channels.join(', '))} · ${esc(describeHours(c.hours))} · ${esc(describePromise(c.promise, formatDuration))} · ${esc(target(c))} · owner ${esc(c.owner)}</div>${witnessLine(two)}</td>
<td>${badge(status)}</td><td class="num">${percent(v?.compliance ?? null)}</td><td class="num">${v?.samples.counted ?? 0}</td>
<td class="num">${v === undefined ? '-' : `${v.coverage.probed}/${v.coverage.promised}`}</td><td class="mini">${map}</td></tr>`;
}

/** Which claims the board shows: those of one verdict status (or all), one page at a time. */
export interface BoardView {
  readonly status: 'kept' | 'broken' | 'unproven' | null;
  /** From 1. */
  readonly page: number;
  readonly perPage: number;
}

export const BOARD_PAGE_SIZE = 50;
const STATUS_ORDER = ['broken', 'unproven', 'kept'] as const;

function boardLink(view: BoardView, change: Partial<BoardView>): string {
  const next = { ...view, ...change };
  const query = new URLSearchParams();
  if (next.status !== null) query.set('status', next.status);
  if (next.page > 1) query.set('page', String(next.page));
  const text = query.toString();
  return text === '' ? '/' : `/?${text}`;
}

function boardNav(view: BoardView, counts: ReadonlyMap<string, number>, total: number, shown: number): string {
  const filter = (label: string, status: BoardView['status'], n: number): string =>
    view.status === status
      ? `<strong>${esc(label)} (${n})</strong>`
      : `<a href="${esc(boardLink(view, { status, page: 1 }))}">${esc(label)} (${n})</a>`;
  const filters = [filter('All', null, total), ...STATUS_ORDER.map((s) => filter(s, s, counts.get(s) ?? 0))].join(
    ' · ',
  );
  const pages = Math.max(1, Math.ceil(shown / view.perPage));
  if (pages === 1) return `<p class="filters">${filters}</p>`;
  const prev =
    view.page > 1 ? `<a rel="prev" href="${esc(boardLink(view, { page: view.page - 1 }))}">previous</a>` : 'previous';
  const next =
    view.page < pages ? `<a rel="next" href="${esc(boardLink(view, { page: view.page + 1 }))}">next</a>` : 'next';
  return `<p class="filters">${filters}</p><p class="pages">Page ${view.page} of ${pages} · ${prev} · ${next}</p>`;
}

/**
 * `GET /`: the catalogue's claims with their verdicts over the evaluation window and hour-of-week heatmaps, a page
 * at a time (a heatmap is 168 cells: a thousand of them would be a 17 MB page), with counts and filters by verdict.
 */
export function claimsPage(
  catalogue: Catalogue,
  verdicts: readonly Verdict[],
  computedAt: number | null,
  signoffs: string,
  view: BoardView = { status: null, page: 1, perPage: BOARD_PAGE_SIZE },
  witnesses: ReadonlyMap<string, TwoWitnesses> = new Map(),
): string {
  const byId = new Map(verdicts.map((v) => [v.claimId, v]));
  const statusOf = (c: Claim): string => byId.get(c.id)?.status ?? 'unproven';
  const counts = new Map<string, number>();
  for (const c of catalogue.claims) counts.set(statusOf(c), (counts.get(statusOf(c)) ?? 0) + 1);
  const matching =
    view.status === null ? catalogue.claims : catalogue.claims.filter((c) => statusOf(c) === view.status);
  const first = (view.page - 1) * view.perPage;
  const rows = matching
    .slice(first, first + view.perPage)
    .map((c) => claimRow(c, byId.get(c.id), witnesses.get(c.id)))
    .join('');
  const nav = boardNav(view, counts, catalogue.claims.length, matching.length);
  const body = `<h1>Claims and verdicts</h1>
<p class="muted">Verdicts over the last ${esc(formatDuration(catalogue.evaluation.windowMs))}, computed ${esc(when(computedAt))}. Each heatmap shows the hours of the week in the claim's time zone.</p>
${nav}
<table class="claims"><thead><tr><th>Claim</th><th>Verdict</th><th class="num">Compliance</th><th class="num">n</th><th class="num">Hours probed</th><th>Hour of week</th></tr></thead>
<tbody>${rows}</tbody></table>${matching.length > view.perPage ? nav : ''}${signoffs}`;
  return webPage(catalogue.service.name, 'Claims', body);
}

export interface ClaimEvidence {
  readonly claim: Claim;
  readonly verdict: Verdict | undefined;
  readonly probes: readonly string[];
  readonly recent: readonly { observation: Observation; judgement: Judgement }[];
  readonly gaps: readonly CoverageGap[];
  /** Per location, for a claim whose probes name `locations` (fleet.md, "Locations"). */
  readonly locations?: readonly LocationEvidence[];
}

/** Each location's own verdict, so a claim broken in one place and kept in another shows which. */
function locationsTable(locations: ClaimEvidence['locations']): string {
  if (locations === undefined || locations.length === 0) return '';
  const rows = locations
    .map(
      (l) =>
        `<tr><td><code>${esc(l.location)}</code></td><td>${badge(l.status)}</td><td class="num">${percent(l.compliance)}</td><td class="num">${l.samples.met}</td><td class="num">${l.samples.counted}</td><td class="num">${l.attempts}</td><td>${esc(l.reasons[0] ?? '')}</td></tr>`,
    )
    .join('');
  return `<h2>By location</h2><table class="locations"><thead><tr><th>Location</th><th>Verdict</th><th class="num">Compliance</th><th class="num">Met</th><th class="num">Counted</th><th class="num">Attempts</th><th>Why</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function failuresTable(recent: ClaimEvidence['recent']): string {
  const failures = recent.filter((r) => r.judgement.counted && !r.judgement.met).slice(0, 20);
  if (failures.length === 0) return '<p class="muted">No failed attempts among the recent observations.</p>';
  const rows = failures.map(
    ({
      observation: o,
      judgement: j,
    }) => `<tr class="example"><td>${esc(when(o.startedAt))}</td><td>${esc(o.probeId)}</td><td>${esc(o.outcome)}</td><td>${esc(j.reason)}</td>
<td><details><summary><code>${esc(o.id)}</code></summary><pre>${esc(JSON.stringify(observationToJson(o, LISTED_EVIDENCE_LIMITS), null, 2))}</pre></details></td></tr>`,
  );
  return `<table class="examples"><thead><tr><th>Started</th><th>Probe</th><th>Outcome</th><th>Why it failed</th><th>Evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * In-force attempts that did not count, with the observation's own reason: Kept's failures (a crash, a hang past the
 * deadline, "Kept was starved: 1.4s loop delay during the attempt"), shown so that on-call can tell them apart.
 */
function inconclusiveTable(recent: ClaimEvidence['recent']): string {
  const ours = recent.filter((r) => r.judgement.inForce && !r.judgement.counted).slice(0, 20);
  if (ours.length === 0) return '';
  const rows = ours.map(
    ({
      observation: o,
    }) => `<tr class="inconclusive"><td>${esc(when(o.startedAt))}</td><td>${esc(o.probeId)}</td><td>${esc(o.reason ?? 'no reason given')}</td>
<td><details><summary><code>${esc(o.id)}</code></summary><pre>${esc(JSON.stringify(observationToJson(o, LISTED_EVIDENCE_LIMITS), null, 2))}</pre></details></td></tr>`,
  );
  return `<h2>Recent inconclusive attempts (not counted)</h2><table class="examples"><thead><tr><th>Started</th><th>Probe</th><th>Why Kept could not measure it</th><th>Evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** `GET /claims/:id`: one claim's verdict, reasons, heatmap, worst hours, recent failures with evidence, gaps. */
export function claimPage(service: string, e: ClaimEvidence): string {
  const { claim: c, verdict: v } = e;
  const status = v?.status ?? 'unproven';
  const reasons = (v?.reasons ?? ['not evaluated yet']).map((r) => `<li>${esc(r)}</li>`).join('');
  const worst = (v?.worstHours ?? [])
    .map(
      (h) =>
        `<tr><td>${esc(h.label)}</td><td class="num">${h.met}</td><td class="num">${h.counted}</td><td class="num">${percent(h.compliance)}</td></tr>`,
    )
    .join('');
  const interval = v?.interval ? ` (95% interval ${percent(v.interval.lower)}-${percent(v.interval.upper)})` : '';
  const gaps = e.gaps
    .map(
      (g) =>
        `<li>${esc(g.probeId)}: ${esc(when(g.from))} to ${esc(when(g.to))}, ${g.missedRuns} runs missed (${esc(g.reason)})</li>`,
    )
    .join('');
  const body = `<h1>${esc(c.id)} ${badge(status)}</h1>
<p class="lead">“${esc(c.copy)}”</p>
<p class="small muted">${esc(c.channels.join(', '))} · ${esc(describeHours(c.hours))} · ${esc(describePromise(c.promise, formatDuration))} · target ${esc(target(c))} · at least ${c.minSamples} samples · owner ${esc(c.owner)} · probes ${e.probes.map((p) => `<code>${esc(p)}</code>`).join(', ')}</p>
<ul class="reasons">${reasons}</ul>
<p>Compliance <strong>${percent(v?.compliance ?? null)}</strong>${interval}, ${v?.samples.counted ?? 0} counted attempts (${v?.samples.inconclusive ?? 0} inconclusive, ${v?.samples.outOfForce ?? 0} out of hours); hours probed ${v ? `${v.coverage.probed} of ${v.coverage.promised}` : '-'}.</p>
${locationsTable(e.locations)}
${v === undefined ? '' : heatmap(v.hours, v.target.share, `Hour of the week, ${c.hours.timeZone} time: share of attempts that met the promise`)}
${worst === '' ? '' : `<h2>Worst hours</h2><table class="worst"><thead><tr><th>Hour</th><th class="num">Met</th><th class="num">Attempts</th><th class="num">Compliance</th></tr></thead><tbody>${worst}</tbody></table>`}
<h2>Recent failures</h2>${failuresTable(e.recent)}
${inconclusiveTable(e.recent)}
${gaps === '' ? '' : `<h2>Coverage gaps</h2><ul>${gaps}</ul>`}
<p class="small"><a href="/api/claims/${encodeURIComponent(c.id)}">This claim as JSON</a></p>`;
  return webPage(service, c.id, body);
}
