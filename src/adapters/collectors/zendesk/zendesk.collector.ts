import type { PopulationReading } from '../../../domain/population/population-reading.ts';
import { gap, read } from '../collector-gap.ts';
import { isCurrentWindow, platformCollector } from '../platform-collector.ts';
import { MAX_PAGES, type TicketPage, ZendeskClient } from './zendesk.client.ts';
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
      const pages: TicketPage[] = [];
      let from: { startTime: number } | { cursor: string } = { startTime: Math.floor(window.fromMs / 1000) };
      for (;;) {
        if (pages.length >= MAX_PAGES)
          return gap(
            context,
            'bad-config',
            `Zendesk's ticket export needs more than ${MAX_PAGES} pages for one interval`,
          );
        const page = await client.ticketPage(from, context, signal);
        if (!page.ok) return page.result;
        pages.push(page.data);
        if (page.data.end_of_stream || page.data.after_cursor === null) break;
        from = { cursor: page.data.after_cursor };
      }
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
