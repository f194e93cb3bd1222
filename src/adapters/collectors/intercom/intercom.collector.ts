import type { CollectResult, CollectWindow, PlatformCollector } from '../../../app/collector.port.ts';
import type { Clock } from '../../../app/ports.ts';
import { type CollectContext, gap, read } from '../collector-gap.ts';
import { type FirstReply, firstReplyReading } from '../first-reply.ts';
import { IntercomClient, MAX_PAGES } from './intercom.client.ts';
import type { IntercomOptions } from './intercom.options.ts';

/** Intercom: conversations created in the interval, by `statistics.time_to_admin_reply`. */
export class IntercomCollector implements PlatformCollector {
  readonly platform = 'intercom';
  readonly #client: IntercomClient;

  constructor(
    private readonly options: IntercomOptions,
    private readonly deps: { readonly collectorId: string; readonly clock: Clock },
  ) {
    this.#client = new IntercomClient(options);
  }

  async collect(window: CollectWindow, signal: AbortSignal): Promise<CollectResult> {
    const nowMs = this.deps.clock.now();
    const context: CollectContext = { collectorId: this.deps.collectorId, window, vendor: 'Intercom', nowMs };
    const items: FirstReply[] = [];
    let after: string | undefined;
    for (let pages = 0; ; pages += 1) {
      if (pages >= MAX_PAGES) return gap(context, 'bad-config', `Intercom's search needs more than ${MAX_PAGES} pages`);
      const page = await this.#client.search(after, context, signal);
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
        collectorId: this.deps.collectorId,
        fromMs: window.fromMs,
        toMs: window.toMs,
        nowMs,
        thresholdsMs: window.thresholdsMs,
        queue: this.options.teamIds?.join(',') ?? 'conversations',
        channel: this.options.channel,
        source: 'intercom.conversation-statistics.time-to-admin-reply',
      }),
    ]);
  }
}
