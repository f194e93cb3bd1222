import { beforeAll, describe, expect, it } from 'vitest';
import type { SignoffReport } from '../../../src/app/signoff/signoff.types.ts';
import { signoffReportHtml } from '../../../src/adapters/reports/signoff.html.ts';
import { signoffReportJson } from '../../../src/adapters/reports/signoff.json.ts';
import { signoffReportMarkdown } from '../../../src/adapters/reports/signoff.markdown.ts';
import { signoffReportText } from '../../../src/adapters/reports/signoff.text.ts';
import { sampleReport } from './report-fixture.ts';

let report: SignoffReport;
beforeAll(async () => {
  report = await sampleReport();
});

const count = (text: string, pattern: RegExp): number => [...text.matchAll(pattern)].length;

describe('the sample page judged against a week of the desk', () => {
  it('finds the claims the page makes', () => {
    expect(report.claims.map((c) => [c.extracted.span.text, c.status])).toEqual([
      ['24/7 live chat with real people', 'not supported'],
      ['Live chat: a person answers within a minute, Monday to Friday 9am-5pm UK time', 'supported'],
      ['every email within 24 hours', 'unproven'],
    ]);
    expect(report.unmeasurable.map((u) => u.extracted.unmeasurable)).toEqual(['puffery', 'self-service']);
  });
});

describe('signoffReportHtml', () => {
  it('is one self-contained document: inline CSS, no scripts, no external assets', () => {
    const html = signoffReportHtml(report);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|url\(/i);
    expect(html.match(/href="([^"#][^"]*)"/g) ?? []).toEqual([]);
  });

  it('draws a 7×24 heatmap for each judged claim with evidence, each cell titled with its figures', () => {
    const html = signoffReportHtml(report);
    const withEvidence = report.claims.filter((c) => c.verdict !== null).length;
    expect(count(html, /<table class="heatmap"/g)).toBe(withEvidence);
    expect(count(html, /<td class="cell /g)).toBe(168 * withEvidence);
    expect(html).toContain('title="Mon 09:00: 4 of 4 met (100.0%), promised"');
    expect(html).toContain('title="Sat 03:00: 0 of 4 met (0.0%), promised"');
  });

  it('marks each claim in the copy, coloured by its verdict', () => {
    const html = signoffReportHtml(report);
    expect(html).toContain(
      '<mark class="bad" id="copy-c2" title="c2: not supported">24/7 live chat with real people<sup>c2</sup></mark>',
    );
    expect(html).toMatch(
      /<mark class="good" id="copy-c3"[^>]*>Live chat: a person answers within a minute, Monday to Friday 9am-5pm UK time<sup>c3<\/sup><\/mark>/,
    );
    expect(html).toMatch(/<mark class="muted" id="copy-c1"[^>]*>world-class/);
    expect(html).toContain('Chat: a person answers within 30 seconds, Mon-Fri 08:00-20:00 UK time');
    expect(html).toContain('&quot;humanReached&quot;: false');
  });

  it.each([
    ['text', '&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; more'],
    ['html', '&quot;quoted&quot; &amp; more'],
  ] as const)('escapes whatever %s copy says', async (format, shown) => {
    const hostile = await sampleReport(
      '24/7 live chat with real people <script>alert(1)</script> "quoted" & more',
      format,
    );
    const html = signoffReportHtml(hostile);
    expect(html).not.toContain('<script>');
    expect(html).toContain(shown);
  });
});

describe('signoffReportMarkdown', () => {
  it('summarises every claim in a table and draws each hour-of-week grid', () => {
    const md = signoffReportMarkdown(report);
    expect(md).toMatch(/^# Sign-off report: Demo Desk Ltd$/m);
    expect(md).toContain(
      '| c2 | 24/7 live chat with real people | chat | **not supported** | 35.7% | 672 | 167/167 | Chat: a person answers within 30 seconds, Mon-Fri 08:00-20:00 UK time |',
    );
    expect(md).toMatch(
      /\| c3 \| Live chat: a person answers within a minute, Monday to Friday 9am-5pm UK time \| chat \| \*\*supported\*\* \|/,
    );
    expect(md).toContain('Mon  ░ ░ ░ ░ ░ ░ ░ ░ █ █ █ █ █ █ █ █ █ █ █ █ ░ ░ ░ ░');
    expect(md).toContain('| world-class | puffery: an opinion, not a promise that can be measured |');
  });
});

describe('signoffReportJson and signoffReportText', () => {
  it('gives machines the verdicts, figures, wording and evidence', () => {
    const json = signoffReportJson(report);
    expect(json).toMatchObject({
      service: 'Demo Desk Ltd',
      since: '90d',
      status: 'not supported',
      exitCode: 1,
      summary: { supported: 1, notSupported: 1, unproven: 1, unmeasurable: 2 },
    });
    const c2 = json.claims.find((c) => c.id === 'c2');
    expect(c2).toMatchObject({
      channel: 'chat',
      status: 'not supported',
      basis: 'raw observations',
      readAs: { hours: '24/7', target: 'absolute' },
    });
    expect(c2?.hours).toHaveLength(168);
    expect(c2?.examples[0]?.observation.startedAt).toMatch(/^2026-01-11T\d\d:\d\d:00\.000Z$/);
    expect(c2?.evidence.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('prints a headline a CI log can show', () => {
    expect(signoffReportText(report, 'sample-page.html').split('\n')[0]).toBe(
      'Sign-off of sample-page.html against Demo Desk Ltd, evidence over 90d: NOT SUPPORTED (exit 1)',
    );
  });
});
