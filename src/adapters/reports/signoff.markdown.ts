import type { JudgedClaim, SignoffReport } from '../../app/signoff/signoff.types.ts';
import { formatDuration } from '../../domain/duration.ts';
import type { SlotStat } from '../../domain/evaluation/verdict.ts';
import { figures, pct, readAs } from './signoff.text.ts';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Escapes text for a Markdown table cell or paragraph. */
export function mdEscape(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** One character per hour of the week: met the target, below it, promised but never probed, not promised. */
export function slotSymbol(h: SlotStat, share: number): string {
  if (h.compliance === null) return h.promised ? '?' : '·';
  if (h.compliance >= share - 1e-9) return '█';
  return h.compliance >= 0.5 ? '▒' : '░';
}

/** A 7×24 hour-of-week grid in a code block, for places that cannot show HTML. */
export function heatmapText(hours: readonly SlotStat[], share: number): string {
  const header = `     ${Array.from({ length: 24 }, (_, h) => (h % 3 === 0 ? String(h).padStart(2, '0') : '  '))
    .join('')
    .trimEnd()}`;
  const rows = DAYS.map(
    (day, d) =>
      `${day}  ${hours
        .slice(d * 24, d * 24 + 24)
        .map((h) => `${slotSymbol(h, share)} `)
        .join('')
        .trimEnd()}`,
  );
  return [
    '```',
    header,
    ...rows,
    '```',
    'Legend: █ met the target, ▒ below it (50% or more), ░ under 50%, ? promised but never probed, · not promised',
  ].join('\n');
}

function claimSection(c: JudgedClaim): string[] {
  const out = [`### ${c.id}: ${mdEscape(c.extracted.span.text)} — **${c.status}**`, ''];
  out.push(`> ${mdEscape(c.extracted.sentence.text)}`, '');
  out.push(`- Read as: ${mdEscape(readAs(c))} (${c.channel})`);
  out.push(`- Figures: ${figures(c)}`);
  out.push(
    `- Evidence: ${c.basis}${c.matchedClaimId === null ? '' : ` of catalogue claim \`${c.matchedClaimId}\``}, probes ${c.probes.map((p) => `\`${p}\``).join(', ') || 'none'}; digest \`sha256:${c.evidence.digest}\``,
  );
  for (const reason of c.reasons) out.push(`- ${mdEscape(reason)}`);
  for (const note of c.notes) out.push(`- _Note:_ ${mdEscape(note)}`);
  out.push('');
  if (c.suggestion !== null)
    out.push(`**Suggested wording:** “${mdEscape(c.suggestion.text)}” — ${mdEscape(c.suggestion.basis)}`, '');
  if (c.verdict !== null && c.verdict.hours.length === 168) {
    out.push(
      'Hour of week (' + mdEscape(c.claim?.hours.timeZone ?? '') + '):',
      '',
      heatmapText(c.verdict.hours, c.verdict.target.share),
      '',
    );
  }
  const worst = c.verdict?.worstHours ?? [];
  if (worst.length > 0) {
    out.push('| Worst hour | Met | Attempts | Compliance |', '|---|---:|---:|---:|');
    for (const h of worst) out.push(`| ${h.label} | ${h.met} | ${h.counted} | ${pct(h.compliance)} |`);
    out.push('');
  }
  if (c.examples.length > 0) {
    out.push('| Example failure | Probe | Outcome | Why | Observation |', '|---|---|---|---|---|');
    for (const e of c.examples) {
      const o = e.observation;
      out.push(
        `| ${new Date(o.startedAt).toISOString()} | ${mdEscape(o.probeId)} | ${o.outcome} | ${mdEscape(e.reason)} | \`${mdEscape(o.id)}\` |`,
      );
    }
    out.push('');
  }
  return out;
}

/** The sign-off report in Markdown: a summary table, one section per claim, then the unmeasurable phrases. */
export function signoffReportMarkdown(report: SignoffReport): string {
  const overall = report.status ?? 'no measurable claims';
  const out = [
    `# Sign-off report: ${mdEscape(report.service)}`,
    '',
    `Overall: **${overall}** (exit code ${report.exitCode}); evidence over ${formatDuration(report.sinceMs)}; generated ${new Date(report.generatedAt).toISOString()}.`,
    '',
  ];
  if (report.claims.length > 0) {
    out.push(
      '| Claim | Copy | Channel | Verdict | Compliance | n | Hours probed | Suggested wording |',
      '|---|---|---|---|---:|---:|---:|---|',
    );
    for (const c of report.claims) {
      const v = c.verdict;
      const coverage = v === null ? '-' : `${v.coverage.probed}/${v.coverage.promised}`;
      out.push(
        `| ${c.id} | ${mdEscape(c.extracted.span.text)} | ${c.channel} | **${c.status}** | ${pct(v?.compliance)} | ${v?.samples.counted ?? 0} | ${coverage} | ${mdEscape(c.suggestion?.text ?? '')} |`,
      );
    }
    out.push('');
  }
  for (const c of report.claims) out.push(...claimSection(c));
  if (report.unmeasurable.length > 0) {
    out.push('## Unmeasurable phrases (no verdict)', '', '| Phrase | Why |', '|---|---|');
    for (const u of report.unmeasurable) out.push(`| ${mdEscape(u.extracted.span.text)} | ${mdEscape(u.reason)} |`);
    out.push('');
  }
  return out.join('\n');
}
