import type { PopulationReading } from '../../../domain/population/population-reading.ts';
import { read } from '../collector-gap.ts';
import { fetchPages } from '../collector-pages.ts';
import { isCurrentWindow, platformCollector } from '../platform-collector.ts';
import { MAX_PAGES, ZendeskClient } from './zendesk.client.ts';
import { talkReading, ticketReading } from './zendesk.mapper.ts';
import type { ZendeskOptions } from './zendesk.options.ts';

/** Zendesk: Talk's queue now (for a current window) and the first reply times of tickets created in the window. */
export const ZendeskCollector = platformCollector({
  platform: 'zendesk',
  vendor: 'Zendesk',
  client: (options: ZendeskOptions) => new ZendeskClient(options),
  async read({ options, client, context, signal }) {
    const { window, nowMs } = context;
    const readings: PopulationReading[] = [];
    const base = { collectorId: context.collectorId, fromMs: window.fromMs, toMs: window.toMs };
    if (options.read.includes('talk') && isCurrentWindow(context)) {
      const current = await client.currentQueue(context, signal);
      if (!current.ok) return current.result;
      const overview = await client.accountOverview(context, signal);
      if (!overview.ok) return overview.result;
      readings.push(talkReading({ ...base, current: current.data, overview: overview.data }));
    }
    if (options.read.includes('tickets')) {
      const startTime = Math.floor(window.fromMs / 1000);
      const exported = await fetchPages(context, {
        what: "Zendesk's ticket export",
        maxPages: MAX_PAGES,
        fetch: (cursor: string | undefined) =>
          client.ticketPage(cursor === undefined ? { startTime } : { cursor }, context, signal),
        next: (page) => (page.end_of_stream || page.after_cursor === null ? undefined : page.after_cursor),
      });
      if (!exported.ok) return exported.result;
      const { pages } = exported;
      readings.push(
        ticketReading({
          ...base,
          nowMs,
          channel: options.ticketChannel,
          replyTime: options.replyTime,
          thresholdsMs: window.thresholdsMs,
          pages,
        }),
      );
    }
    return read(readings);
  },
});

export type ZendeskCollector = InstanceType<typeof ZendeskCollector>;
