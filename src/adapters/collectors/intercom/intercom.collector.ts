import { gap, read } from '../collector-gap.ts';
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
    const items: FirstReply[] = [];
    let after: string | undefined;
    for (let pages = 0; ; pages += 1) {
      if (pages >= MAX_PAGES) return gap(context, 'bad-config', `Intercom's search needs more than ${MAX_PAGES} pages`);
      const page = await client.search(after, context, signal);
      if (!page.ok) return page.result;
      for (const conversation of page.data.conversations) {
        const seconds = conversation.statistics?.time_to_admin_reply;
        items.push({
          createdAtMs: conversation.created_at * 1000,
          replyAfterMs: seconds === null || seconds === undefined ? undefined : seconds * 1000,
        });
      }
      after = page.data.pages?.next?.starting_after;
      if (after === undefined) break;
    }
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
