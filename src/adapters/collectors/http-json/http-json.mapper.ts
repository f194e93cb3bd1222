import { parseJsonPath, selectAll, selectFirst } from '../../../domain/json-path.ts';
import type { DeskFigures } from '../desk-figures.ts';
import type { HttpJsonOptions } from './http-json.options.ts';

/** A documented field the answer does not hold as a number: the endpoint's schema changed. */
export class MissingFigure extends Error {
  constructor(readonly path: string) {
    super(`no number at ${path}`);
  }
}

function number(item: unknown, path: string, required: boolean): number | undefined {
  const value = selectFirst(parseJsonPath(path), item);
  const numeric = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof numeric === 'number' && Number.isFinite(numeric)) return numeric;
  if (required || (value !== undefined && value !== null)) throw new MissingFigure(path);
  return undefined;
}

/** One set of figures per item the `items` path selects. Throws MissingFigure for a required figure not there. */
export function httpJsonFigures(body: unknown, options: HttpJsonOptions, thresholds: readonly number[]): DeskFigures[] {
  const { fields } = options;
  return selectAll(parseJsonPath(options.items), body).map((item) => {
    const name = fields.queue === undefined ? undefined : selectFirst(parseJsonPath(fields.queue), item);
    if (fields.queue !== undefined && typeof name !== 'string' && typeof name !== 'number')
      throw new MissingFigure(fields.queue);
    const answeredPath = fields.answeredWithin;
    const abandonedPath = fields.abandonedWithin;
    return {
      queue: name === undefined ? options.queue : String(name),
      channel: options.channel,
      contacts: number(item, fields.contacts, true) ?? 0,
      abandoned: number(item, fields.abandoned, true) ?? 0,
      longestWaitSeconds:
        fields.longestWaitSeconds === undefined ? undefined : number(item, fields.longestWaitSeconds, false),
      averageWaitSeconds:
        fields.averageWaitSeconds === undefined ? undefined : number(item, fields.averageWaitSeconds, false),
      splits:
        answeredPath === undefined
          ? []
          : thresholds.map((thresholdSeconds) => {
              const at = (path: string) => path.replaceAll('{threshold}', String(thresholdSeconds));
              return {
                thresholdSeconds,
                answeredWithin: number(item, at(answeredPath), true) ?? 0,
                abandonedWithin: abandonedPath === undefined ? undefined : number(item, at(abandonedPath), false),
              };
            }),
    };
  });
}
