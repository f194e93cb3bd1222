import { gap, read } from '../collector-gap.ts';
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
    const items: FirstReply[] = [];
    let page: number | undefined = 1;
    while (page !== undefined) {
      if (page > MAX_PAGES)
        return gap(context, 'bad-config', `Freshdesk's ticket list needs more than ${MAX_PAGES} pages`);
      const fetched = await client.page(page, context, signal);
      if (!fetched.ok) return fetched.result;
      for (const ticket of fetched.data) {
        const created = Date.parse(ticket.created_at);
        const replied =
          ticket.stats.first_responded_at === null ? undefined : Date.parse(ticket.stats.first_responded_at);
        items.push({ createdAtMs: created, replyAfterMs: replied === undefined ? undefined : replied - created });
      }
      page = nextPage(fetched.headers.link);
    }
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
