/** Small, pure helpers for writing PromQL text and Prometheus rule objects. */

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  /** Static labels; a claim label keeps recording rules of different claims apart (promtool lints duplicates). */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly Rule[];
}

const UNITS: readonly (readonly [string, number])[] = [
  ['w', 604_800_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/** A PromQL duration in the largest unit that divides it exactly: `15m`, `1h`, `3d`. Whole seconds only. */
export function promDuration(ms: number): string {
  if (!Number.isInteger(ms / 1_000) || ms <= 0)
    throw new RangeError(`${ms} ms is not a positive whole number of seconds`);
  const [unit, size] = UNITS.find(([, size]) => ms % size === 0) as readonly [string, number];
  return `${ms / size}${unit}`;
}

/** Rounds a duration up to a whole multiple of `step` milliseconds. */
export function roundUpMs(ms: number, step: number): number {
  return Math.ceil(ms / step) * step;
}

/** Escapes a label value for a double-quoted PromQL string. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** A series selector: `metric{a="1",b=~"x|y"}`. Matchers keep the order given; a value prefixed `=~` is a regex. */
export function selector(metric: string, matchers: Readonly<Record<string, string>>): string {
  const parts = Object.entries(matchers).map(([name, value]) =>
    value.startsWith('=~') ? `${name}=~"${escapeLabelValue(value.slice(2))}"` : `${name}="${escapeLabelValue(value)}"`,
  );
  return `${metric}{${parts.join(',')}}`;
}

/** A number as PromQL writes it, without binary floating-point noise (1 - 0.95 prints `0.05`). */
export function promNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Turns text into a lower-case slug: `Demo Desk Ltd` -> `demo-desk-ltd`. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
