import type { SlotStat } from '../../domain/evaluation/verdict.ts';

/** Escapes text for HTML element content and double-quoted attributes. */
export function esc(text: string | number | null | undefined): string {
  return String(text ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

const percent = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

/** Inline styles shared by the HTML report and Kept's web pages: no external assets, readable when printed. */
export const STYLES = `
:root { --good: #2e7d32; --bad: #c62828; --warn: #ef8f00; --unknown: #6d6d6d; --line: #d8d8d8; --soft: #f5f5f5; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1d; margin: 0; background: #fff; }
header.top { background: #14303f; color: #fff; padding: 10px 24px; display: flex; gap: 24px; align-items: baseline; }
header.top a { color: #fff; text-decoration: none; } header.top .brand { font-weight: 700; font-size: 18px; }
main { padding: 16px 24px 48px; max-width: 1180px; }
h1 { font-size: 24px; margin: 8px 0 4px; } h2 { font-size: 19px; margin: 28px 0 8px; } h3 { font-size: 16px; margin: 18px 0 6px; }
table { border-collapse: collapse; margin: 8px 0 16px; } th, td { border-bottom: 1px solid var(--line); padding: 5px 9px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 10px; color: #fff; font-size: 13px; font-weight: 600; white-space: nowrap; }
.badge.good { background: var(--good); } .badge.bad { background: var(--bad); } .badge.unknown { background: var(--unknown); } .badge.muted { background: #b0b0b0; }
.muted { color: #666; } .small { font-size: 13px; } code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: var(--soft); padding: 8px; overflow-x: auto; max-height: 360px; }
.suggestion { border-left: 4px solid var(--good); background: #eef6ee; padding: 8px 12px; margin: 8px 0; }
.copy { white-space: pre-wrap; border: 1px solid var(--line); padding: 12px 14px; background: #fcfcfc; max-height: 420px; overflow-y: auto; }
mark { padding: 0 2px; border-radius: 3px; } mark.good { background: #c8e6c9; } mark.bad { background: #ffcdd2; } mark.unknown { background: #e0e0e0; } mark.muted { background: #fff3c4; }
mark sup { font-size: 10px; color: #333; margin-left: 2px; }
table.heatmap { border-collapse: separate; border-spacing: 2px; margin: 6px 0 4px; }
table.heatmap th, table.heatmap td { border: 0; padding: 0; background: none; font-size: 10px; font-weight: 400; color: #555; }
table.heatmap th.day { padding-right: 6px; text-align: right; } table.heatmap th.hours { text-align: left; width: 0; }
table.heatmap td.cell { width: 17px; height: 15px; border-radius: 2px; }
td.cell.good { background: var(--good); } td.cell.warn { background: var(--warn); } td.cell.bad { background: var(--bad); }
td.cell.missing { background: repeating-linear-gradient(45deg, #fff, #fff 3px, #bbb 3px, #bbb 5px); outline: 1px solid #999; }
td.cell.off { background: #ececec; } td.cell.extra { background: #b9d7ba; }
.legend span { display: inline-block; width: 12px; height: 10px; margin: 0 3px 0 10px; vertical-align: middle; }
form label { display: block; margin: 10px 0 4px; font-weight: 600; } textarea { width: 100%; min-height: 220px; font: 13px ui-monospace, monospace; }
input[type=text], input[type=password], select { padding: 5px 7px; min-width: 260px; } button { margin-top: 14px; padding: 7px 18px; font-weight: 600; }
td.mini .legend, td.mini caption { display: none; } td.mini table.heatmap { border-spacing: 1px; margin: 0; } td.mini table.heatmap td.cell { width: 8px; height: 8px; } td.mini table.heatmap th { font-size: 8px; }
.error { border-left: 4px solid var(--bad); background: #fdecea; padding: 8px 12px; }
`;

/** A whole self-contained HTML document. */
export function htmlPage(title: string, body: string, nav = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLES}</style></head>
<body>${nav}<main>${body}</main></body></html>
`;
}

export type Tone = 'good' | 'bad' | 'unknown' | 'muted';

/** The tone of a verdict or sign-off status. */
export function toneOf(status: string): Tone {
  if (status === 'kept' || status === 'supported') return 'good';
  if (status === 'broken' || status === 'not supported') return 'bad';
  if (status === 'unproven') return 'unknown';
  return 'muted';
}

export function badge(status: string): string {
  return `<span class="badge ${toneOf(status)}" data-status="${esc(status)}">${esc(status)}</span>`;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function cellClass(h: SlotStat, share: number): string {
  if (h.compliance === null) return h.promised ? 'missing' : 'off';
  if (!h.promised) return 'extra';
  if (h.compliance >= share - 1e-9) return 'good';
  return h.compliance >= 0.5 ? 'warn' : 'bad';
}

function cellTitle(h: SlotStat): string {
  const promised = h.promised ? 'promised' : 'not promised';
  if (h.counted === 0) return `${h.label}: ${promised}, no attempts counted`;
  return `${h.label}: ${h.met} of ${h.counted} met (${percent(h.compliance)}), ${promised}`;
}

/**
 * A 7×24 hour-of-week heatmap (rows Monday to Sunday, columns 00-23 local time): green met the target, amber below
 * it, red under 50%, hatched promised but never probed, grey not promised. Each cell's title says its figures.
 */
export function heatmap(hours: readonly SlotStat[], share: number, caption: string): string {
  const head = `<tr><th></th>${Array.from({ length: 8 }, (_, i) => `<th colspan="3" class="hours">${String(i * 3).padStart(2, '0')}</th>`).join('')}</tr>`;
  const rows = DAYS.map((day, d) => {
    const cells = hours
      .slice(d * 24, d * 24 + 24)
      .map((h) => `<td class="cell ${cellClass(h, share)}" data-slot="${h.slot}" title="${esc(cellTitle(h))}"></td>`)
      .join('');
    return `<tr><th class="day">${day}</th>${cells}</tr>`;
  }).join('');
  const legend = `<div class="legend small muted"><span style="background:var(--good)"></span>met the target<span style="background:var(--warn)"></span>below it<span style="background:var(--bad)"></span>under 50%<span class="cell missing" style="outline:1px solid #999;background:repeating-linear-gradient(45deg,#fff,#fff 3px,#bbb 3px,#bbb 5px)"></span>promised, never probed<span style="background:#ececec"></span>not promised</div>`;
  return `<figure class="heatmap-figure"><table class="heatmap" aria-label="${esc(caption)}"><caption class="small muted" style="caption-side:top;text-align:left">${esc(caption)}</caption>${head}${rows}</table>${legend}</figure>`;
}

/** A page of Kept's own web interface: the shared header with the service name and navigation. */
export function webPage(service: string, title: string, body: string): string {
  const nav = `<header class="top"><a class="brand" href="/">Kept</a><span>${esc(service)}</span>
<nav><a href="/">Claims</a> &nbsp; <a href="/signoff">Sign off copy</a> &nbsp; <a href="/signoffs">Sign-offs</a> &nbsp; <a href="/api/claims">API</a></nav></header>`;
  return htmlPage(`${title} · Kept`, body, nav);
}

export const when = (ms: number | null): string =>
  ms === null ? '-' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`;

export { percent };
