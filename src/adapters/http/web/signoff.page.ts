import type { ApproveResult } from '../../../app/signoff/approve.ts';
import type { SignoffRecord } from '../../../app/signoff/signoff.types.ts';
import type { SignoffReport } from '../../../app/signoff/signoff.types.ts';
import { formatDuration } from '../../../domain/duration.ts';
import { badge, esc } from '../../reports/html-kit.ts';
import { signoffReportBody } from '../../reports/signoff.html.ts';
import { webPage, when } from '../../reports/html-kit.ts';

export interface SignoffForm {
  readonly copy: string;
  readonly format: string;
  readonly since: string;
}

const EMPTY_FORM: SignoffForm = { copy: '', format: 'auto', since: '90d' };

function form(values: SignoffForm, enabled: boolean): string {
  if (!enabled)
    return '<p class="error">Sign-off is disabled: set KEPT_API_TOKEN in Kept\'s environment to enable it.</p>';
  const option = (value: string, label: string) =>
    `<option value="${value}"${values.format === value ? ' selected' : ''}>${label}</option>`;
  return `<form method="post" action="/signoff" class="signoff-form">
<label for="copy">Marketing copy (text, Markdown or HTML)</label>
<textarea id="copy" name="copy" required>${esc(values.copy)}</textarea>
<label for="format">Format</label><select id="format" name="format">${option('auto', 'detect')}${option('text', 'plain text')}${option('markdown', 'Markdown')}${option('html', 'HTML')}</select>
<label for="since">Evidence window</label><input type="text" id="since" name="since" value="${esc(values.since)}">
<label for="token">API token</label><input type="password" id="token" name="token" autocomplete="current-password">
<div><button type="submit">Check the claims</button></div></form>`;
}

/**
 * Under a report with supported claims: sign them off, with the approver's name (the copy, format and window travel
 * again, hidden, and are judged afresh when approving, so what is stored is what the evidence says then).
 */
function approveForm(values: SignoffForm, report: SignoffReport): string {
  const supported = report.claims.filter((c) => c.status === 'supported');
  if (supported.length === 0) return '';
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${esc(value)}">`;
  return `<h2>Sign off</h2><p class="muted">Records the ${supported.length === 1 ? 'supported claim' : `${supported.length} supported claims`} with your name, the date and a digest of the evidence; Kept tells the owner if delivery later stops supporting ${supported.length === 1 ? 'it' : 'them'}. Claims that are not supported are never signed off.</p>
<form method="post" action="/signoff/approve" class="approve-form">${hidden('copy', values.copy)}${hidden('format', values.format)}${hidden('since', values.since)}
<label for="approver">Your name</label><input type="text" id="approver" name="approver" required maxlength="200" autocomplete="name">
<label for="approve-token">API token</label><input type="password" id="approve-token" name="token" autocomplete="current-password">
<div><button type="submit">Sign off the supported claims</button></div></form>`;
}

function approvedList(result: ApproveResult): string {
  const approved = result.approved
    .map(
      (r) =>
        `<li class="approved"><a href="/signoffs/${encodeURIComponent(r.id)}">#${esc(r.id)}</a> “${esc(r.claimText)}” signed off by ${esc(r.approver)}</li>`,
    )
    .join('');
  const refused = result.refused
    .map((r) => `<li class="refused">${esc(r.id)}: not signed off (${esc(r.reason)})</li>`)
    .join('');
  return `<h2>Signed off</h2><ul class="approvals">${approved}${refused}</ul><p><a href="/signoffs">All sign-offs</a></p>`;
}

/** `GET /signoff` and the answers to `POST /signoff` and `/signoff/approve`: the form, an error, a report, approvals. */
export function signoffPage(
  service: string,
  options: { enabled: boolean; values?: SignoffForm; report?: SignoffReport; approved?: ApproveResult; error?: string },
): string {
  const error = options.error === undefined ? '' : `<p class="error" role="alert">${esc(options.error)}</p>`;
  const approved = options.approved === undefined ? '' : approvedList(options.approved);
  const report = options.report === undefined ? '' : signoffReportBody(options.report);
  const approve =
    options.report === undefined || options.approved !== undefined
      ? ''
      : approveForm(options.values ?? EMPTY_FORM, options.report);
  const body = `<h1>Sign off marketing copy</h1>
<p class="muted">Paste a page or a paragraph. Kept finds the claims about support, judges each against the evidence its probes collected, and suggests wording the evidence supports.</p>
${error}${approved}${report}${approve}${report === '' ? '' : '<h2>Check other copy</h2>'}${form(options.values ?? EMPTY_FORM, options.enabled)}`;
  return webPage(service, 'Sign off copy', body);
}

/** The signed-off claims as a table: who approved what and when, and whether delivery still supports it. */
export function signoffRecordsTable(records: readonly SignoffRecord[]): string {
  if (records.length === 0) return '<p class="muted">No claims have been signed off yet.</p>';
  const rows = records.map(
    (r) => `<tr class="signoff-row" data-signoff="${esc(r.id)}" data-status="${esc(r.lastStatus)}">
<td><a href="/signoffs/${encodeURIComponent(r.id)}">#${esc(r.id)}</a></td><td>“${esc(r.claimText)}”<div class="small muted">${esc(r.channel)} · owner ${esc(r.owner)}</div></td>
<td>${esc(r.approver)}</td><td>${esc(when(r.approvedAt))}</td><td>${badge(r.status)}</td><td>${badge(r.lastStatus)}<div class="small muted">checked ${esc(when(r.lastCheckedAt))}</div></td></tr>`,
  );
  return `<table class="signoffs"><thead><tr><th>Sign-off</th><th>Claim</th><th>Approver</th><th>Approved</th><th>At approval</th><th>Now</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** `GET /signoffs`. */
export function signoffsPage(service: string, records: readonly SignoffRecord[]): string {
  return webPage(
    service,
    'Sign-offs',
    `<h1>Signed-off claims</h1>
<p class="muted">Approved on the <a href="/signoff">sign-off page</a>, with <code>kept signoff … --approve</code> or <code>POST /api/signoff/approve</code>. Kept re-checks each one as verdicts refresh and tells its owner when delivery no longer supports it.</p>
${signoffRecordsTable(records)}`,
  );
}

/** `GET /signoffs/:id`: one record, with its evidence digest and the reasons it was supported. */
export function signoffRecordPage(service: string, r: SignoffRecord): string {
  const reasons = r.reasons.map((x) => `<li>${esc(x)}</li>`).join('');
  return webPage(
    service,
    `Sign-off #${r.id}`,
    `<h1>Sign-off #${esc(r.id)} ${badge(r.lastStatus)}</h1>
<p class="lead">“${esc(r.claimText)}”</p><p class="small muted">${esc(r.sentence)}</p>
<table><tbody><tr><th>Approver</th><td>${esc(r.approver)}</td></tr><tr><th>Approved</th><td>${esc(when(r.approvedAt))}</td></tr>
<tr><th>Verdict at approval</th><td>${badge(r.status)}</td></tr><tr><th>Latest re-check</th><td>${badge(r.lastStatus)} ${esc(when(r.lastCheckedAt))}</td></tr>
<tr><th>Channel</th><td>${esc(r.channel)}</td></tr><tr><th>Owner</th><td>${esc(r.owner)}</td></tr><tr><th>Evidence window</th><td>${esc(formatDuration(r.sinceMs))}</td></tr>
<tr><th>Catalogue claim</th><td>${r.matchedClaimId === null ? '-' : `<a href="/claims/${encodeURIComponent(r.matchedClaimId)}">${esc(r.matchedClaimId)}</a>`}</td></tr>
<tr><th>Evidence digest</th><td><code>sha256:${esc(r.digest)}</code></td></tr></tbody></table>
<h2>Why it was supported</h2><ul>${reasons}</ul>`,
  );
}
