/**
 * Grafana's template-variable substitution, for running dashboard queries outside Grafana: the built-in
 * `$__interval`, `$__rate_interval`, `$__range` and `$timeFilter`, and multi-value variables, which Grafana writes
 * as a regex alternation `(a|b)` for both Prometheus (`=~"$claim"`) and InfluxQL (`=~ /^$claim$/`).
 */

const escapeRegex = (value: string): string => value.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/** A multi-value variable with "All" selected, as Grafana formats it into a regex matcher. */
export function regexValue(values: readonly string[]): string {
  if (values.length === 0) throw new Error('a variable with no values');
  return values.length === 1 ? escapeRegex(values[0] as string) : `(${values.map(escapeRegex).join('|')})`;
}

function replaceVariables(text: string, variables: Readonly<Record<string, readonly string[]>>): string {
  return text.replace(/\$(\w+)|\$\{(\w+)\}/g, (match, plain: string | undefined, braced: string | undefined) => {
    const name = (plain ?? braced) as string;
    const values = variables[name];
    return values === undefined ? match : regexValue(values);
  });
}

export interface PromContext {
  readonly variables: Readonly<Record<string, readonly string[]>>;
  readonly stepSeconds: number;
  readonly scrapeSeconds: number;
  readonly rangeSeconds: number;
}

/** Grafana: `$__rate_interval` = max(`$__interval` + scrape interval, 4 × scrape interval). */
export function promql(expr: string, context: PromContext): string {
  const interval = Math.max(context.stepSeconds, context.scrapeSeconds);
  const rateInterval = Math.max(interval + context.scrapeSeconds, 4 * context.scrapeSeconds);
  const builtIns = expr
    .replaceAll('$__rate_interval', `${rateInterval}s`)
    .replaceAll('$__interval', `${interval}s`)
    .replaceAll('$__range', `${Math.round(context.rangeSeconds)}s`);
  return replaceVariables(builtIns, context.variables);
}

export interface InfluxContext {
  readonly variables: Readonly<Record<string, readonly string[]>>;
  readonly fromMs: number;
  readonly toMs: number;
  /** `$__interval` as Grafana picks it for the range and panel width (never below the panel's minimum interval). */
  readonly interval: string;
}

export function influxql(query: string, context: InfluxContext): string {
  const builtIns = query
    .replaceAll('$timeFilter', `time >= ${Math.floor(context.fromMs)}ms and time <= ${Math.ceil(context.toMs)}ms`)
    .replaceAll('$__interval', context.interval);
  return replaceVariables(builtIns, context.variables);
}

/** Template variables a query uses (Grafana's built-ins excluded). */
export function usedVariables(text: string): string[] {
  const names = [...text.matchAll(/\$(\w+)|\$\{(\w+)\}/g)].map((m) => (m[1] ?? m[2]) as string);
  return [...new Set(names.filter((name) => !name.startsWith('__') && name !== 'timeFilter' && !name.startsWith('tag_') && name !== 'col'))];
}
