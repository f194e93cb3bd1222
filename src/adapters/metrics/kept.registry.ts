import { Registry, type Metric, type MetricObject } from 'prom-client';

/**
 * A prom-client Registry that keeps the rendered text of a metric until that metric changes. At 1,000 claims and probes
 * Kept exposes about 20,000 series (900 kB of text), and prom-client renders them at roughly 2 µs a line, on every
 * scrape; most of them (verdicts, coverage, targets) change only when verdicts are recomputed.
 *
 * Only metrics declared with `cacheUntilChanged(name)` are kept, and whoever updates them calls `changed(name)` on
 * every update (`createKeptMetrics` does both), so the text served is always what prom-client would render now.
 * Everything else registered here is rendered on every scrape, as by a plain Registry. `onScrape` hooks run first, for
 * values that depend on the clock. Prometheus text format only; OpenMetrics falls back to a plain render.
 */
export class KeptRegistry extends Registry {
  readonly #texts = new Map<string, { version: number; text: string | undefined }>();
  readonly #hooks: (() => void)[] = [];
  #defaultLabels: Record<string, string | number> = {};
  /** The last exposition, returned as the same string while no metric in it changed (the server keys on it). */
  #last: { key: string; text: string } | undefined;

  cacheUntilChanged(name: string): void {
    if (!this.#texts.has(name)) this.#texts.set(name, { version: 0, text: undefined });
  }

  /** The metric's values changed: render it again at the next scrape. */
  changed(name: string): void {
    const entry = this.#texts.get(name);
    if (entry === undefined) return;
    entry.version += 1;
    entry.text = undefined;
  }

  /** Runs before each scrape renders anything. */
  onScrape(hook: () => void): void {
    this.#hooks.push(hook);
  }

  override setDefaultLabels(labels: object): void {
    super.setDefaultLabels(labels);
    this.#defaultLabels = { ...(labels as Record<string, string | number>) };
    for (const name of this.#texts.keys()) this.changed(name);
  }

  override async metrics(): Promise<string> {
    for (const hook of this.#hooks) hook();
    if (this.contentType !== Registry.PROMETHEUS_CONTENT_TYPE) return super.metrics();
    const all = this.getMetricsAsArray();
    const key = this.#versionKey(all);
    if (key !== undefined && this.#last?.key === key) return this.#last.text;
    const texts = await Promise.all(all.map((metric) => this.#render(metric)));
    const text = `${texts.join('\n\n')}\n`;
    // Kept only if nothing changed while rendering, and only when every metric is one whose changes are announced.
    if (key !== undefined && key === this.#versionKey(this.getMetricsAsArray())) this.#last = { key, text };
    return text;
  }

  /** The versions of every metric's text, or undefined when some metric is rendered afresh at each scrape. */
  #versionKey(metrics: readonly MetricObject[]): string | undefined {
    const versions: string[] = [];
    for (const metric of metrics) {
      const entry = this.#texts.get(metric.name);
      if (entry === undefined) return undefined;
      versions.push(`${metric.name}:${entry.version}`);
    }
    return versions.join(',');
  }

  /** One metric's text exactly as prom-client renders it, through a registry of its own; kept when declared so. */
  async #render(metric: MetricObject): Promise<string> {
    const entry = this.#texts.get(metric.name);
    if (entry?.text !== undefined) return entry.text;
    const version = entry?.version;
    const single = new Registry();
    single.setDefaultLabels(this.#defaultLabels);
    single.registerMetric(metric as unknown as Metric); // the registry's own metric objects, as registered
    const text = (await single.metrics()).slice(0, -1);
    // An update while it was rendering may not be in the text: keep it only if nothing changed meanwhile.
    if (entry !== undefined && entry.version === version) entry.text = text;
    return text;
  }
}
