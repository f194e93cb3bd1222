import { read } from '../collector-gap.ts';
import { fetchPages } from '../collector-pages.ts';
import { type FirstReply, firstReplyReading, runScope } from '../first-reply.ts';
import { platformCollector } from '../platform-collector.ts';
import { IntercomClient, MAX_PAGES } from './intercom.client.ts';
import type { IntercomOptions } from './intercom.options.ts';

/** Intercom: conversations created in the interval, by `statistics.time_to_admin_reply`. */
export const IntercomCollector = platformCollector({
  platform: 'intercom',
  vendor: 'Intercom',
  client: (options: IntercomOptions) => new IntercomClient(options),
  async read({ options, client, context, signal }) {
    const searched = await fetchPages(context, {
      what: "Intercom's conversation search",
      maxPages: MAX_PAGES,
      fetch: (after: string | undefined) => client.search(after, context, signal),
      next: (page) => page.pages?.next?.starting_after,
    });
    if (!searched.ok) return searched.result;
    const items: FirstReply[] = searched.pages.flatMap((page) =>
      page.conversations.map((conversation) => {
        const seconds = conversation.statistics?.time_to_admin_reply;
        return {
          createdAtMs: conversation.created_at * 1000,
          replyAfterMs: seconds === null || seconds === undefined ? undefined : seconds * 1000,
        };
      }),
    );
    return read([
      firstReplyReading(items, {
        ...runScope(context),
        queue: options.teamIds?.join(',') ?? 'conversations',
        channel: options.channel,
        source: 'intercom.conversation-statistics.time-to-admin-reply',
      }),
    ]);
  },
});

export type IntercomCollector = InstanceType<typeof IntercomCollector>;
