import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmazonConnectCollector } from '../../../src/adapters/collectors/amazon-connect/amazon-connect.collector.ts';
import { amazonConnectOptionsSchema } from '../../../src/adapters/collectors/amazon-connect/amazon-connect.options.ts';
import { gap } from '../../../src/adapters/collectors/collector-gap.ts';
import { type FetchedPage, fetchPages } from '../../../src/adapters/collectors/collector-pages.ts';
import { IntercomCollector } from '../../../src/adapters/collectors/intercom/intercom.collector.ts';
import { intercomOptionsSchema } from '../../../src/adapters/collectors/intercom/intercom.options.ts';
import { ZendeskCollector } from '../../../src/adapters/collectors/zendesk/zendesk.collector.ts';
import { MAX_PAGES as ZENDESK_MAX_PAGES } from '../../../src/adapters/collectors/zendesk/zendesk.client.ts';
import { zendeskOptionsSchema } from '../../../src/adapters/collectors/zendesk/zendesk.options.ts';
import type { CollectResult } from '../../../src/app/collector.port.ts';
import { type AmazonConnectFake, startAmazonConnectFake } from '../../support/collector-fakes/amazon-connect.fake.ts';
import { fixedClock } from '../../support/collector-fakes/fixed-clock.ts';
import { type IntercomFake, startIntercomFake } from '../../support/collector-fakes/intercom.fake.ts';
import { startZendeskFake, type ZendeskFake } from '../../support/collector-fakes/zendesk.fake.ts';

const FROM = Date.parse('2026-12-06T10:00:00Z');
const TO = FROM + 15 * 60_000;
const NOW = TO + 5_000;
const window = { fromMs: FROM, toMs: TO, thresholdsMs: [300_000] };
const context = { collectorId: 'desk', window, vendor: 'Desk', nowMs: NOW };

/** Pages by cursor from a table: each cursor's page names the next (or none). */
function table(next: Record<string, string | undefined>) {
  const asked: (string | undefined)[] = [];
  const fetch = async (cursor: string | undefined): Promise<FetchedPage<{ cursor: string }>> => {
    asked.push(cursor);
    return { ok: true, data: { cursor: cursor ?? 'start' } };
  };
  return { asked, fetch, next: (page: { cursor: string }) => next[page.cursor] };
}

const gapOf = (result: CollectResult) => (result.kind === 'gap' ? result.gap : undefined);

describe('fetchPages', () => {
  it('reads every page in order until one names no next', async () => {
    const pages = table({ start: 'a', a: 'b', b: undefined });
    const read = await fetchPages(context, { what: "Desk's list", maxPages: 10, ...pages });
    expect(read).toEqual({ ok: true, pages: [{ cursor: 'start' }, { cursor: 'a' }, { cursor: 'b' }] });
    expect(pages.asked).toEqual([undefined, 'a', 'b']);
  });

  it('is a bad-config gap when an interval needs more pages than the limit, after reading that many', async () => {
    const pages = table({ start: 'a', a: 'b', b: 'c', c: undefined });
    const read = await fetchPages(context, { what: "Desk's list", maxPages: 2, ...pages });
    expect(read.ok).toBe(false);
    expect(pages.asked).toEqual([undefined, 'a']);
    expect(read.ok ? undefined : gapOf(read.result)).toMatchObject({
      code: 'bad-config',
      reason: "Desk's list needs more than 2 pages for one interval",
    });
  });

  it.each([
    ['names itself as the next', { start: 'a', a: 'a' }, [undefined, 'a']],
    ['names an earlier page as the next', { start: 'a', a: 'b', b: 'a' }, [undefined, 'a', 'b']],
  ])('is a server-error gap when a page %s: the cursor does not advance', async (_case, next, asked) => {
    const pages = table(next);
    const read = await fetchPages(context, { what: "Desk's list", maxPages: 50, ...pages });
    expect(pages.asked).toEqual(asked);
    expect(read.ok ? undefined : gapOf(read.result)).toMatchObject({
      code: 'server-error',
      reason: expect.stringMatching(/^Desk's list does not advance: page \d names a page already read as the next$/),
    });
  });

  it('counts a first cursor it was given as read (page 1 naming page 1 again)', async () => {
    let asked = 0;
    const read = await fetchPages(context, {
      what: "Desk's list",
      maxPages: 50,
      first: 1,
      fetch: async () => ({ ok: true, data: (asked += 1) }),
      next: () => 1,
    });
    expect(asked).toBe(1);
    expect(read.ok ? undefined : gapOf(read.result)?.code).toBe('server-error');
  });

  it("returns a page's gap as it is and reads no further", async () => {
    const failed = gap(context, 'rate-limited', 'Desk answered HTTP 429', 3_000);
    let asked = 0;
    const read = await fetchPages(context, {
      what: "Desk's list",
      maxPages: 50,
      fetch: async (): Promise<FetchedPage<number>> =>
        ++asked === 2 ? { ok: false, result: failed } : { ok: true, data: asked },
      next: (page) => `after-${page}`,
    });
    expect(asked).toBe(2);
    expect(read).toEqual({ ok: false, result: failed });
  });
});

describe('the platforms that page', () => {
  let zendesk: ZendeskFake;
  let intercom: IntercomFake;
  let connect: AmazonConnectFake;
  beforeAll(async () => {
    [zendesk, intercom, connect] = await Promise.all([
      startZendeskFake(),
      startIntercomFake(),
      startAmazonConnectFake(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([zendesk.close(), intercom.close(), connect.close()]);
  });

  it("Zendesk: an interval whose ticket export needs more than the page limit is a gap, after the limit's pages", async () => {
    zendesk.nowMs = NOW;
    zendesk.pageSize = 1;
    for (let id = 1; id <= ZENDESK_MAX_PAGES + 1; id += 1)
      zendesk.tickets.push({ id, createdAtMs: FROM + id, updatedAtMs: FROM + id, replyCalendar: 1, replyBusiness: 1 });
    const options = zendeskOptionsSchema.parse({
      subdomain: 'acme',
      email: zendesk.email,
      apiToken: zendesk.apiToken,
      baseUrl: zendesk.url,
      read: ['tickets'],
    });
    const collector = new ZendeskCollector(options, { collectorId: 'zendesk', clock: fixedClock(NOW) });
    const result = await collector.collect(window, new AbortController().signal);
    expect(gapOf(result)).toMatchObject({
      code: 'bad-config',
      reason: `Zendesk's ticket export needs more than ${ZENDESK_MAX_PAGES} pages for one interval`,
    });
    expect(zendesk.requests).toHaveLength(ZENDESK_MAX_PAGES);
  });

  it('Intercom: a search whose next page is the one just read is a gap, not a loop until the time-out', async () => {
    const page = {
      type: 'conversation.list',
      conversations: [],
      pages: { next: { starting_after: 'WzE3MDAwMDAwMDBd' } },
    };
    intercom.answerNext({ status: 200, body: page });
    intercom.answerNext({ status: 200, body: page });
    const options = intercomOptionsSchema.parse({ accessToken: intercom.accessToken, baseUrl: intercom.url });
    const collector = new IntercomCollector(options, { collectorId: 'intercom', clock: fixedClock(NOW) });
    const result = await collector.collect(window, new AbortController().signal);
    expect(gapOf(result)).toMatchObject({
      code: 'server-error',
      reason: "Intercom's conversation search does not advance: page 2 names a page already read as the next",
    });
    expect(intercom.requests).toHaveLength(2);
  });

  it("Amazon Connect: a NextToken that does not advance is a gap (Connect's paging had no limit)", async () => {
    const page = { MetricResults: [], NextToken: 'page-1' };
    connect.answerNext({ status: 200, body: page });
    connect.answerNext({ status: 200, body: page });
    const options = amazonConnectOptionsSchema.parse({
      instanceArn: connect.instanceArn,
      queueIds: ['aaaaaaaa-0000-0000-0000-000000000001'],
      accessKeyId: connect.accessKeyId,
      secretAccessKey: connect.secretAccessKey,
      endpoint: connect.url,
    });
    const collector = new AmazonConnectCollector(options, { collectorId: 'connect', clock: fixedClock(NOW) });
    const result = await collector.collect(window, new AbortController().signal);
    expect(gapOf(result)).toMatchObject({
      code: 'server-error',
      reason: "Amazon Connect's GetMetricDataV2 does not advance: page 2 names a page already read as the next",
    });
    expect(connect.requests).toHaveLength(2);
  });
});
