import type { DeskFigures } from '../desk-figures.ts';
import type { InstantVector } from './prometheus.client.ts';

/** A figure's value per queue: series grouped by `queueLabel`, or all summed into `queue`. NaN counts as absent. */
export function byQueue(vector: InstantVector, queueLabel: string | undefined, queue: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const sample of vector) {
    const value = Number(sample.value[1]);
    if (!Number.isFinite(value)) continue;
    const name = queueLabel === undefined ? queue : (sample.metric[queueLabel] ?? queue);
    values.set(name, (values.get(name) ?? 0) + value);
  }
  return values;
}

export interface QueryValues {
  readonly contacts: Map<string, number>;
  readonly abandoned: Map<string, number>;
  readonly longestWaitSeconds: Map<string, number> | undefined;
  readonly averageWaitSeconds: Map<string, number> | undefined;
  /** Per threshold (seconds). */
  readonly answeredWithin: ReadonlyMap<number, Map<string, number>>;
  readonly abandonedWithin: ReadonlyMap<number, Map<string, number>>;
}

/** One set of figures per queue any count names (the queue in `queue` when nothing names one). */
export function prometheusFigures(values: QueryValues, channel: string | undefined, queue: string): DeskFigures[] {
  const queues = new Set([...values.contacts.keys(), ...values.abandoned.keys()]);
  if (queues.size === 0) queues.add(queue);
  return [...queues].sort().map((name) => ({
    queue: name,
    channel,
    contacts: values.contacts.get(name) ?? 0,
    abandoned: values.abandoned.get(name) ?? 0,
    longestWaitSeconds: values.longestWaitSeconds?.get(name),
    averageWaitSeconds: values.averageWaitSeconds?.get(name),
    splits: [...values.answeredWithin.entries()].map(([thresholdSeconds, answered]) => ({
      thresholdSeconds,
      answeredWithin: answered.get(name) ?? 0,
      abandonedWithin: values.abandonedWithin.get(thresholdSeconds)?.get(name),
    })),
  }));
}
