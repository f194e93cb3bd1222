import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveCopy } from '../../../../src/app/signoff/approve.ts';
import { extractClaims } from '../../../../src/domain/copy/extract-claims.ts';
import { SAMPLE_PAGE } from '../../reports/report-fixture.ts';
import { chromiumAvailable, launchChromium, type RealBrowser } from './chromium.ts';
import { startKeptService, TOKEN, type KeptService } from './kept-service.ts';

const available = chromiumAvailable();

/** The one browser API used in page code; the project compiles without the DOM library. */
interface BrowserWindow {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(file: string): { width: number; height: number; bytes: number } {
  const png = readFileSync(file);
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bytes: png.length };
}

describe('Chromium is there for the web page tests', () => {
  it.runIf(process.env.CI !== undefined)('is installed in CI, where a missing browser fails', () => {
    expect(available.ok, available.reason).toBe(true);
  });
});

describe.skipIf(!available.ok)("Kept's web page in real headless Chromium", () => {
  let kept: KeptService;
  let chromium: RealBrowser;
  let page: Page;
  const shots = mkdtempSync(join(tmpdir(), 'kept-screens-'));

  beforeAll(async () => {
    kept = await startKeptService();
    const deps = { ...kept.world.deps([]), extract: extractClaims };
    await approveCopy(deps, kept.records, {
      copy: SAMPLE_PAGE,
      format: 'html',
      sinceMs: 90 * 86_400_000,
      approver: 'Jo Compliance',
    });
    chromium = await launchChromium();
    page = await chromium.browser.newPage();
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await kept?.close();
    if (process.env.KEPT_KEEP_SCREENSHOTS === undefined) rmSync(shots, { recursive: true, force: true });
  });

  it('shows the claims with status badges, heatmaps with titled cells, and the signed-off claims', async () => {
    const response = await page.goto(`${kept.url}/`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('Claims · Kept');
    const rows = page.locator('table.claims tr.claim-row');
    expect(await rows.count()).toBe(2);
    expect(
      await rows.evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute('data-claim'), tr.querySelector('.badge')?.textContent]),
      ),
    ).toEqual([
      ['chat-live-24-7', 'broken'],
      ['chat-business-hours', 'kept'],
    ]);
    expect(await page.locator('tr.claim-row td.cell').count()).toBe(2 * 168);
    const monday9 = page.locator('tr[data-claim="chat-business-hours"] td.cell[data-slot="9"]');
    expect(await monday9.getAttribute('title')).toBe('Mon 09:00: 4 of 4 met (100.0%), promised');
    expect(
      await monday9.evaluate((td) => (globalThis as unknown as BrowserWindow).getComputedStyle(td).backgroundColor),
    ).toBe('rgb(46, 125, 50)');
    expect(await page.locator('tr[data-claim="chat-live-24-7"] td.cell[data-slot="3"]').getAttribute('title')).toBe(
      'Mon 03:00: 0 of 4 met (0.0%), promised',
    );
    expect(await page.locator('table.signoffs tr.signoff-row').count()).toBe(1);
    expect(await page.locator('table.signoffs tr.signoff-row').textContent()).toContain('Jo Compliance');

    const file = join(shots, 'claims.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = pngSize(file);
    expect(png.width).toBe(1280);
    expect(png.height).toBeGreaterThan(500);
    expect(png.bytes).toBeGreaterThan(20_000);
  });

  it('opens a claim with its verdict, heatmap, worst hours and failures with evidence', async () => {
    await page.goto(`${kept.url}/`);
    await page.click('a[href="/claims/chat-live-24-7"]');
    await page.waitForURL(/\/claims\/chat-live-24-7$/);
    expect(await page.locator('h1 .badge').textContent()).toBe('broken');
    expect(await page.locator('table.heatmap td.cell').count()).toBe(168);
    expect(await page.locator('table.worst tbody tr').count()).toBe(5);
    expect(await page.locator('table.examples tr.example').count()).toBe(20);
    await page.locator('table.examples tr.example details summary').first().click();
    expect(await page.locator('table.examples tr.example details pre').first().textContent()).toContain(
      '"humanReached": false',
    );
  });

  it('signs off copy posted through the form and shows the report', async () => {
    await page.goto(`${kept.url}/signoff`);
    await page.fill('#copy', SAMPLE_PAGE);
    await page.fill('#token', TOKEN);
    await Promise.all([page.waitForURL(/\/signoff$/), page.click('form.signoff-form button[type=submit]')]);
    const report = page.locator('.signoff-report');
    expect(await report.getAttribute('data-status')).toBe('not supported');
    expect(
      await page
        .locator('table.summary tr.claim-row')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status'))),
    ).toEqual(['not supported', 'supported', 'unproven']);
    expect(await page.locator('section.claim .wording').first().textContent()).toBe(
      'Chat: a person answers within 30 seconds, Mon-Fri 08:00-20:00 UK time',
    );
    expect(await page.locator('.copy mark').count()).toBe(5);
    expect(await page.locator('.copy mark.bad').textContent()).toBe('24/7 live chat with real peoplec2');
    expect(await page.locator('section.claim table.heatmap').count()).toBe(2);
    expect(await page.locator('table.unmeasurable tr.unmeasurable-row').count()).toBe(2);
    expect(await page.inputValue('#copy')).toBe(SAMPLE_PAGE);

    const file = join(shots, 'signoff-report.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = pngSize(file);
    expect(png.height).toBeGreaterThan(1_500);
    expect(png.bytes).toBeGreaterThan(50_000);
  });

  it('signs off the supported claims from the report, refusing the others, and lists the new sign-off', async () => {
    await page.goto(`${kept.url}/signoff`);
    await page.fill('#copy', SAMPLE_PAGE);
    await page.fill('#token', TOKEN);
    await Promise.all([page.waitForURL(/\/signoff$/), page.click('form.signoff-form button[type=submit]')]);
    await page.fill('#approver', 'Sam Reviewer');
    await page.fill('#approve-token', TOKEN);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/signoff/approve')),
      page.click('form.approve-form button[type=submit]'),
    ]);
    expect(response.status()).toBe(201);
    const approved = page.locator('ul.approvals li.approved');
    expect(await approved.count()).toBe(1);
    expect(await approved.textContent()).toContain('signed off by Sam Reviewer');
    expect(await page.locator('ul.approvals li.refused').count()).toBe(2);
    expect(await page.locator('form.approve-form').count()).toBe(0);
    await page.click('ul.approvals li.approved a');
    expect(await page.locator('h1').textContent()).toMatch(/^Sign-off #\S+ supported$/);
    await page.goto(`${kept.url}/signoffs`);
    expect(
      await page
        .locator('table.signoffs tr.signoff-row')
        .evaluateAll((trs) => trs.map((tr) => tr.textContent?.includes('Sam Reviewer'))),
    ).toContain(true);
  });

  it('refuses an approval without the right token, storing nothing', async () => {
    const before = (await kept.records.list()).length;
    const response = await page.request.post(`${kept.url}/signoff/approve`, {
      form: { copy: SAMPLE_PAGE, format: 'html', since: '90d', approver: 'Mallory', token: 'wrong' },
    });
    expect(response.status()).toBe(401);
    expect((await kept.records.list()).length).toBe(before);
  });

  it('refuses the form without the right token', async () => {
    await page.goto(`${kept.url}/signoff`);
    await page.fill('#copy', '24/7 live chat with real people.');
    await page.fill('#token', 'wrong');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('form.signoff-form button[type=submit]'),
    ]);
    expect(response.status()).toBe(401);
    expect(await page.locator('[role=alert]').textContent()).toBe('The API token is missing or wrong.');
    expect(await page.locator('.signoff-report').count()).toBe(0);
  });
});
