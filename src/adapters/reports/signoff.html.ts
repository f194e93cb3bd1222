import type { JudgedClaim, SignoffReport } from '../../app/signoff/signoff.types.ts';
import { formatDuration } from '../../domain/duration.ts';
import { worstStatus } from '../../domain/signoff/signoff-verdict.ts';
import { observationToJson } from '../json/observation.json.ts';
import { highlightCopy, type CopyMark } from './copy-highlight.ts';
import { badge, esc, heatmap, htmlPage, percent, toneOf } from './html-kit.ts';
import { figures, readAs } from './signoff.text.ts';

const when = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`;

function summaryTable(report: SignoffReport): string {
  if (report.claims.length === 0)
    return '<p class="muted">No measurable claims about support were found in the copy.</p>';
  const rows = report.claims.map((c) => {
    const v = c.verdict;
    return `<tr class="claim-row" data-claim="${esc(c.id)}" data-status="${esc(c.status)}">
<td><a href="#claim-${esc(c.id)}">${esc(c.id)}</a></td><td>${esc(c.extracted.span.text)}</td><td>${esc(c.channel)}</td><td>${badge(c.status)}</td>
<td class="num">${percent(v?.compliance ?? null)}</td><td class="num">${v?.samples.counted ?? 0}</td>
<td class="num">${v === null ? '-' : `${v.coverage.probed}/${v.coverage.promised}`}</td><td>${esc(c.suggestion?.text ?? '')}</td></tr>`;
  });
  return `<table class="summary"><thead><tr><th>Claim</th><th>Copy</th><th>Channel</th><th>Verdict</th><th class="num">Compliance</th><th class="num">n</th><th class="num">Hours probed</th><th>Suggested wording</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function copyMarks(report: SignoffReport): CopyMark[] {
  const byExtracted = new Map<string, JudgedClaim[]>();
  for (const c of report.claims) byExtracted.set(c.extracted.id, [...(byExtracted.get(c.extracted.id) ?? []), c]);
  const judged = [...byExtracted.values()].map((parts) => {
    const status = worstStatus(parts.map((p) => p.status));
    const first = parts[0] as JudgedClaim;
    return {
      start: first.extracted.span.start,
      end: first.extracted.span.end,
      id: first.extracted.id,
      tone: toneOf(status),
      title: `${first.extracted.id}: ${status}`,
    };
  });
  const unmeasurable = report.unmeasurable.map((u) => ({
    start: u.extracted.span.start,
    end: u.extracted.span.end,
    id: u.extracted.id,
    tone: 'muted' as const,
    title: `${u.extracted.id}: unmeasurable (${u.reason})`,
  }));
  return [...judged, ...unmeasurable];
}

function examplesTable(c: JudgedClaim): string {
  if (c.examples.length === 0) return '';
  const rows = c.examples.map((e) => {
    const o = e.observation;
    const transcript = (o.evidence.transcript ?? [])
      .slice(0, 4)
      .map((l) => `${l.from}: ${l.text}`)
      .join(' | ');
    return `<tr class="example"><td>${esc(when(o.startedAt))}</td><td>${esc(o.probeId)}</td><td>${esc(o.outcome)}</td><td>${esc(e.reason)}<div class="small muted">${esc(transcript)}</div></td>
<td><details><summary><code>${esc(o.id)}</code></summary><pre>${esc(JSON.stringify(observationToJson(o), null, 2))}</pre></details></td></tr>`;
  });
  return `<h4>Example failures</h4><table class="examples"><thead><tr><th>Started</th><th>Probe</th><th>Outcome</th><th>Why it failed</th><th>Observation (JSON)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** One claim's section: verdict, reasons, figures, heatmap, worst hours, wording, example failures, digest. */
export function claimSection(c: JudgedClaim): string {
  const v = c.verdict;
  const reasons = c.reasons.map((r) => `<li>${esc(r)}</li>`).join('');
  const notes = c.notes.map((n) => `<li class="muted">${esc(n)}</li>`).join('');
  const worst = (v?.worstHours ?? [])
    .map(
      (h) =>
        `<tr><td>${esc(h.label)}</td><td class="num">${h.met}</td><td class="num">${h.counted}</td><td class="num">${percent(h.compliance)}</td></tr>`,
    )
    .join('');
  const suggestion =
    c.suggestion === null
      ? c.status === 'supported' || v === null
        ? ''
        : '<p class="muted">No wording can be suggested: no hour of the week met the target with enough attempts.</p>'
      : `<div class="suggestion"><strong>Suggested wording:</strong> “<span class="wording">${esc(c.suggestion.text)}</span>”<div class="small muted">${esc(c.suggestion.basis)}</div></div>`;
  const map =
    v !== null && v.hours.length === 168
      ? heatmap(
          v.hours,
          v.target.share,
          `Hour of the week, ${c.claim?.hours.timeZone ?? ''} time: share of attempts that met the promise`,
        )
      : '';
  const matched = c.matchedClaimId === null ? '' : ` of catalogue claim <code>${esc(c.matchedClaimId)}</code>`;
  return `<section class="claim" id="claim-${esc(c.id)}" data-status="${esc(c.status)}">
<h3>${esc(c.id)} ${badge(c.status)} “${esc(c.extracted.span.text)}” <span class="muted small">${esc(c.channel)}</span></h3>
<p class="small muted">${esc(c.extracted.sentence.text)}</p>
<p><strong>Read as:</strong> ${esc(readAs(c))}<br><strong>Figures:</strong> ${esc(figures(c))}<br>
<strong>Evidence:</strong> ${esc(c.basis)}${matched}; probes ${c.probes.map((p) => `<code>${esc(p)}</code>`).join(', ') || 'none'}; ${c.evidence.observations} raw observations${c.evidence.latestAt === null ? '' : `, latest ${esc(when(c.evidence.latestAt))}`}</p>
<ul class="reasons">${reasons}${notes}</ul>
${suggestion}${map}
${worst === '' ? '' : `<h4>Worst hours</h4><table class="worst"><thead><tr><th>Hour</th><th class="num">Met</th><th class="num">Attempts</th><th class="num">Compliance</th></tr></thead><tbody>${worst}</tbody></table>`}
${examplesTable(c)}
<p class="small muted">Evidence digest <code class="digest">sha256:${esc(c.evidence.digest)}</code></p>
</section>`;
}

/** The body of a sign-off report, for the standalone file and Kept's web page alike. */
export function signoffReportBody(report: SignoffReport): string {
  const overall = report.status ?? 'no measurable claims';
  const unmeasurable =
    report.unmeasurable.length === 0
      ? ''
      : `<h2>Unmeasurable phrases</h2><p class="muted small">No verdict; they do not affect the exit code.</p>
<table class="unmeasurable"><thead><tr><th>Phrase</th><th>Why</th></tr></thead><tbody>${report.unmeasurable
          .map(
            (u) =>
              `<tr class="unmeasurable-row"><td>${badge('unmeasurable')} ${esc(u.extracted.span.text)}</td><td>${esc(u.reason)}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  return `<div class="signoff-report" data-status="${esc(overall)}">
<h1>Sign-off report: ${esc(report.service)}</h1>
<p>Overall ${badge(overall)} &nbsp;exit code <strong>${report.exitCode}</strong> · evidence over ${esc(formatDuration(report.sinceMs))} · generated ${esc(when(report.generatedAt))}</p>
${summaryTable(report)}
<h2>The copy</h2>${highlightCopy(report.copy, report.format, copyMarks(report))}
<h2>Claims</h2>${report.claims.map(claimSection).join('\n')}
${unmeasurable}</div>`;
}

/** The self-contained HTML report: inline CSS, no scripts, no external assets. */
export function signoffReportHtml(report: SignoffReport): string {
  return htmlPage(`Sign-off report: ${report.service}`, signoffReportBody(report));
}
