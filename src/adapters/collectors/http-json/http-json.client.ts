import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import type { CollectWindow } from '../../../app/collector.port.ts';
import type { CollectContext } from '../collector-gap.ts';
import { collectorHttp, type Fetched, fetchJson } from '../collector-http.ts';
import type { HttpJsonOptions } from './http-json.options.ts';

/** Fills the interval placeholders into a URL or parameter. */
export function fillWindow(text: string, window: CollectWindow): string {
  return text
    .replaceAll('{from}', new Date(window.fromMs).toISOString())
    .replaceAll('{to}', new Date(window.toMs).toISOString())
    .replaceAll('{fromEpoch}', String(Math.floor(window.fromMs / 1000)))
    .replaceAll('{toEpoch}', String(Math.floor(window.toMs / 1000)));
}

/** The path of a URL for a reason (no host credentials, no query), or `the endpoint` when it does not parse. */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return 'the endpoint';
  }
}

/** One GET that must answer JSON (an object or an array); its shape is checked by the mapper's paths. */
export class HttpJsonClient {
  readonly #http: AxiosInstance;

  constructor(private readonly options: HttpJsonOptions) {
    this.#http = collectorHttp({
      headers: Object.fromEntries(Object.entries(options.headers).map(([name, value]) => [name, value.reveal()])),
    });
  }

  fetch(context: CollectContext, signal: AbortSignal): Promise<Fetched<unknown>> {
    const url = fillWindow(this.options.url, context.window);
    const params = Object.fromEntries(
      Object.entries(this.options.params).map(([name, value]) => [name, fillWindow(value, context.window)]),
    );
    return fetchJson(
      this.#http,
      { url, params, signal },
      z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]),
      context,
      { what: `GET ${pathOf(url)}` },
    );
  }
}
