import type { DeskFigures } from '../desk-figures.ts';
import type { FigureRow } from './postgres.client.ts';

/** Rows to figures: rows of one queue and channel merge, each row with a `threshold_seconds` giving a split. */
export function postgresFigures(rows: readonly FigureRow[], channel: string | undefined): DeskFigures[] {
  const groups = new Map<string, FigureRow[]>();
  for (const row of rows) {
    const key = JSON.stringify([row.queue, row.channel ?? channel ?? null]);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as FigureRow;
    const splits = group
      .filter((row) => row.threshold_seconds !== null && row.threshold_seconds !== undefined)
      .map((row) => ({
        thresholdSeconds: row.threshold_seconds as number,
        answeredWithin: row.answered_within ?? 0,
        abandonedWithin: row.abandoned_within ?? undefined,
      }));
    return {
      queue: first.queue,
      channel: first.channel ?? channel,
      contacts: first.contacts,
      abandoned: first.abandoned,
      longestWaitSeconds: first.longest_wait_seconds ?? undefined,
      averageWaitSeconds: first.average_wait_seconds ?? undefined,
      splits,
    };
  });
}
