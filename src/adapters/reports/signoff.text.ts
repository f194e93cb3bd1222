import type { JudgedClaim, SignoffReport } from '../../app/signoff/signoff.types.ts';
import { describePromise } from '../../domain/claim.ts';
import { formatDuration } from '../../domain/duration.ts';
import { describeHours } from '../../domain/signoff/week-ranges.ts';

export const pct = (x: number | null | undefined): string =>
  x === null || x === undefined ? '-' : `${(x * 100).toFixed(1)}%`;
const when = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`;

/** How the copy was read, in one line: "a human within 2m, 24/7, absolute". */
export function readAs(c: JudgedClaim): string {
  if (c.claim === null) return 'could not be placed in time';
  const target = c.claim.target.kind === 'absolute' ? 'absolute' : `${pct(c.claim.target.share)} of attempts`;
  const average = c.average === null ? '' : ' (on average)';
  return `${describePromise(c.claim.promise, formatDuration)}${average}, ${describeHours(c.claim.hours)}, ${target}`;
}

/** One line of figures: compliance, interval, sample size, coverage. */
export function figures(c: JudgedClaim): string {
  const v = c.verdict;
  if (v === null) return 'no evidence';
  const interval = v.interval === null ? '' : ` (95% interval ${pct(v.interval.lower)}-${pct(v.interval.upper)})`;
  const average = c.average?.meanMs == null ? '' : `, average ${formatDuration(c.average.meanMs)}`;
  return `compliance ${pct(v.compliance)}${interval}, n=${v.samples.counted}${average}, hours probed ${v.coverage.probed}/${v.coverage.promised}`;
}

function claimLines(c: JudgedClaim): string[] {
  const lines = [`${c.status.toUpperCase().padEnd(13)} ${c.id}  "${c.extracted.span.text}"  [${c.channel}]`];
  const pad = '              ';
  lines.push(`${pad}read as: ${readAs(c)}`);
  lines.push(
    `${pad}${figures(c)}; evidence: ${c.basis}${c.matchedClaimId === null ? '' : ` of "${c.matchedClaimId}"`}`,
  );
  for (const reason of c.reasons) lines.push(`${pad}- ${reason}`);
  for (const note of c.notes) lines.push(`${pad}  note: ${note}`);
  const worst = c.verdict?.worstHours ?? [];
  if (worst.length > 0)
    lines.push(
      `${pad}worst hours: ${worst.map((h) => `${h.label} ${pct(h.compliance)} (${h.met}/${h.counted})`).join(', ')}`,
    );
  for (const e of c.examples.slice(0, 3)) {
    lines.push(
      `${pad}failed ${when(e.observation.startedAt)} ${e.observation.probeId} ${e.observation.outcome}: ${e.reason} (observation ${e.observation.id})`,
    );
  }
  if (c.suggestion !== null) {
    lines.push(`${pad}suggested wording: "${c.suggestion.text}"`);
    lines.push(`${pad}  (${c.suggestion.basis})`);
  } else if (c.status !== 'supported' && c.verdict !== null) {
    lines.push(`${pad}suggested wording: none; no hour of the week met the target with enough attempts`);
  }
  lines.push(`${pad}evidence digest sha256:${c.evidence.digest}`);
  return lines;
}

/** The report for a terminal: one block per judged claim, then the phrases that cannot be measured. */
export function signoffReportText(report: SignoffReport, source = 'the copy'): string {
  const overall = report.status === null ? 'NO MEASURABLE CLAIMS' : report.status.toUpperCase();
  const out = [
    `Sign-off of ${source} against ${report.service}, evidence over ${formatDuration(report.sinceMs)}: ${overall} (exit ${report.exitCode})`,
    '',
  ];
  for (const c of report.claims) out.push(...claimLines(c), '');
  if (report.unmeasurable.length > 0) {
    out.push('Unmeasurable (no verdict, no effect on the exit code):');
    for (const u of report.unmeasurable) out.push(`  ${u.extracted.id}  "${u.extracted.span.text}": ${u.reason}`);
    out.push('');
  }
  if (report.claims.length === 0 && report.unmeasurable.length === 0)
    out.push('No claims about support were found in the copy.', '');
  return out.join('\n');
}
