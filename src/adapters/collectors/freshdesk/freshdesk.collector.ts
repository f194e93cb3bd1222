import { read } from '../collector-gap.ts';
import { fetchPages } from '../collector-pages.ts';
import { type FirstReply, firstReplyReading, runScope } from '../first-reply.ts';
import { platformCollector } from '../platform-collector.ts';
import { FreshdeskClient, MAX_PAGES, nextPage } from './freshdesk.client.ts';
import type { FreshdeskOptions } from './freshdesk.options.ts';

/** Freshdesk: tickets created in the interval, by first response (`stats.first_responded_at - created_at`). */
export const FreshdeskCollector = platformCollector({
  platform: 'freshdesk',
  vendor: 'Freshdesk',
  client: (options: FreshdeskOptions) => new FreshdeskClient(options),
  async read({ options, client, context, signal }) {
    const listed = await fetchPages(context, {
      what: "Freshdesk's ticket list",
      maxPages: MAX_PAGES,
      first: 1,
      fetch: (page: number | undefined) => client.page(page ?? 1, context, signal),
      next: (_tickets, headers) => nextPage(headers.link),
    });
    if (!listed.ok) return listed.result;
    const items: FirstReply[] = listed.pages.flat().map((ticket) => {
      const created = Date.parse(ticket.created_at);
      const replied =
        ticket.stats.first_responded_at === null ? undefined : Date.parse(ticket.stats.first_responded_at);
      return { createdAtMs: created, replyAfterMs: replied === undefined ? undefined : replied - created };
    });
    return read([
      firstReplyReading(items, {
        ...runScope(context),
        queue: 'tickets',
        channel: options.channel,
        source: 'freshdesk.ticket-stats.first-responded-at',
      }),
    ]);
  },
});

export type FreshdeskCollector = InstanceType<typeof FreshdeskCollector>;
