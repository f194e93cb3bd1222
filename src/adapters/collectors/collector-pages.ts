import type { CollectResult } from '../../app/collector.port.ts';
import { type CollectContext, gap } from './collector-gap.ts';

/** One page as a client fetched it: its data (and headers, where the next page is named there), or its gap. */
export type FetchedPage<P> =
  | { readonly ok: true; readonly data: P; readonly headers?: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly result: CollectResult };

/** How a platform pages one interval's figures: a cursor (a token, or a page number) from each page to the next. */
export interface PageLoop<C extends string | number, P> {
  /** What is paged, as a person reads it in a gap's reason, e.g. `Zendesk's ticket export`. */
  readonly what: string;
  /** Most pages one interval may take; an interval that needs more is a gap (the platform's limit, or Kept's). */
  readonly maxPages: number;
  /** The first page's cursor when it has one (a page number 1); undefined when the first page is asked without. */
  readonly first?: C;
  readonly fetch: (cursor: C | undefined) => Promise<FetchedPage<P>>;
  /** The next page's cursor, or undefined after the last page. */
  readonly next: (page: P, headers: Readonly<Record<string, unknown>>) => C | undefined;
}

export type Pages<P> =
  { readonly ok: true; readonly pages: P[] } | { readonly ok: false; readonly result: CollectResult };

/**
 * Reads every page of one interval, in order. The first failed page's gap ends it; so does a page count past
 * `maxPages` (`bad-config`: a shorter interval asks for less) and a cursor already read (`server-error`: paging that
 * does not advance would ask for the same pages until the run's time-out).
 */
export async function fetchPages<C extends string | number, P>(
  context: CollectContext,
  loop: PageLoop<C, P>,
): Promise<Pages<P>> {
  const pages: P[] = [];
  const seen = new Set<C>();
  let cursor = loop.first;
  if (cursor !== undefined) seen.add(cursor);
  for (;;) {
    const page = await loop.fetch(cursor);
    if (!page.ok) return page;
    pages.push(page.data);
    const next = loop.next(page.data, page.headers ?? {});
    if (next === undefined) return { ok: true, pages };
    if (pages.length >= loop.maxPages)
      return failed(context, 'bad-config', `${loop.what} needs more than ${loop.maxPages} pages for one interval`);
    if (seen.has(next))
      return failed(
        context,
        'server-error',
        `${loop.what} does not advance: page ${pages.length} names a page already read as the next`,
      );
    seen.add(next);
    cursor = next;
  }
}

const failed = (context: CollectContext, code: 'bad-config' | 'server-error', reason: string): Pages<never> => ({
  ok: false,
  result: gap(context, code, reason),
});
