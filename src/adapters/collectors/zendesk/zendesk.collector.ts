import type { CollectResult, CollectWindow, PlatformCollector } from '../../../app/collector.port.ts';
import type { Clock } from '../../../app/ports.ts';
import type { PopulationReading } from '../../../domain/population/population-reading.ts';
import { type CollectContext, gap, read } from '../collector-gap.ts';
import { MAX_PAGES, type TicketPage, ZendeskClient } from './zendesk.client.ts';
import { talkReading, ticketReading } from './zendesk.mapper.ts';
import type { ZendeskOptions } from './zendesk.options.ts';

const CURRENT_MS = 60_000;

/** Zendesk: Talk's queue now (for a current window) and the first reply times of tickets created in the window. */
export class ZendeskCollector implements PlatformCollector {
  readonly platform = 'zendesk';
  readonly #client: ZendeskClient;

  constructor(
    private readonly options: ZendeskOptions,
    private readonly deps: { readonly collectorId: string; readonly clock: Clock },
  ) {
    this.#client = new ZendeskClient(options);
  }

  async collect(window: CollectWindow, signal: AbortSignal): Promise<CollectResult> {
    const nowMs = this.deps.clock.now();
    const context: CollectContext = { collectorId: this.deps.collectorId, window, vendor: 'Zendesk', nowMs };
    const readings: PopulationReading[] = [];
    const base = { collectorId: this.deps.collectorId, fromMs: window.fromMs, toMs: window.toMs };
    if (this.options.read.includes('talk') && nowMs - window.toMs <= CURRENT_MS) {
      const current = await this.#client.currentQueue(context, signal);
      if (!current.ok) return current.result;
      const overview = await this.#client.accountOverview(context, signal);
      if (!overview.ok) return overview.result;
      readings.push(talkReading({ ...base, current: current.data, overview: overview.data }));
    }
    if (this.options.read.includes('tickets')) {
      const pages: TicketPage[] = [];
      let from: { startTime: number } | { cursor: string } = { startTime: Math.floor(window.fromMs / 1000) };
      for (;;) {
        if (pages.length >= MAX_PAGES)
          return gap(
            context,
            'bad-config',
            `Zendesk's ticket export needs more than ${MAX_PAGES} pages for one interval`,
          );
        const page = await this.#client.ticketPage(from, context, signal);
        if (!page.ok) return page.result;
        pages.push(page.data);
        if (page.data.end_of_stream || page.data.after_cursor === null) break;
        from = { cursor: page.data.after_cursor };
      }
      readings.push(
        ticketReading({
          ...base,
          nowMs,
          channel: this.options.ticketChannel,
          replyTime: this.options.replyTime,
          thresholdsMs: window.thresholdsMs,
          pages,
        }),
      );
    }
    return read(readings);
  }
}
