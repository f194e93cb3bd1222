import type { CollectResult, CollectWindow, PlatformCollector } from '../../../app/collector.port.ts';
import type { Clock } from '../../../app/ports.ts';
import { type CollectContext, gap, read } from '../collector-gap.ts';
import { type FirstReply, firstReplyReading } from '../first-reply.ts';
import { FreshdeskClient, MAX_PAGES, nextPage } from './freshdesk.client.ts';
import type { FreshdeskOptions } from './freshdesk.options.ts';

/** Freshdesk: tickets created in the interval, by first response (`stats.first_responded_at - created_at`). */
export class FreshdeskCollector implements PlatformCollector {
  readonly platform = 'freshdesk';
  readonly #client: FreshdeskClient;

  constructor(
    private readonly options: FreshdeskOptions,
    private readonly deps: { readonly collectorId: string; readonly clock: Clock },
  ) {
    this.#client = new FreshdeskClient(options);
  }

  async collect(window: CollectWindow, signal: AbortSignal): Promise<CollectResult> {
    const nowMs = this.deps.clock.now();
    const context: CollectContext = { collectorId: this.deps.collectorId, window, vendor: 'Freshdesk', nowMs };
    const items: FirstReply[] = [];
    let page: number | undefined = 1;
    while (page !== undefined) {
      if (page > MAX_PAGES)
        return gap(context, 'bad-config', `Freshdesk's ticket list needs more than ${MAX_PAGES} pages`);
      const fetched = await this.#client.page(page, context, signal);
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
        collectorId: this.deps.collectorId,
        fromMs: window.fromMs,
        toMs: window.toMs,
        nowMs,
        thresholdsMs: window.thresholdsMs,
        queue: 'tickets',
        channel: this.options.channel,
        source: 'freshdesk.ticket-stats.first-responded-at',
      }),
    ]);
  }
}
