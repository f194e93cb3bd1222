import pg from 'pg';
import { z } from 'zod';
import type { CollectResult } from '../../../app/collector.port.ts';
import { type CollectContext, gap } from '../collector-gap.ts';
import { schemaGap } from '../collector-http.ts';
import type { PostgresOptions } from './postgres.options.ts';

/** PostgreSQL returns bigint and numeric as text: read either as a number. */
const numeric = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]).transform(Number);
const optionalNumeric = numeric.nullable().optional();

export const figureRowSchema = z.object({
  queue: z.union([z.string(), z.number()]).transform(String),
  channel: z.string().nullable().optional(),
  contacts: numeric,
  abandoned: numeric,
  longest_wait_seconds: optionalNumeric,
  average_wait_seconds: optionalNumeric,
  threshold_seconds: optionalNumeric,
  answered_within: optionalNumeric,
  abandoned_within: optionalNumeric,
});
export type FigureRow = z.output<typeof figureRowSchema>;

/** How many of $1..$3 the query uses (PostgreSQL refuses a parameter the statement does not take). */
export function parameterCount(query: string): number {
  return Math.max(0, ...[...query.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
}

/** A pg failure as the gap it is, by SQLSTATE or socket code; never the message (it can quote the query). */
export function postgresFailure(error: unknown, context: CollectContext, aborted: boolean): CollectResult {
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  const said = `PostgreSQL failed the collector's query${code === '' ? '' : ` (${code})`}`;
  if (aborted || code === '57014' || code === 'ETIMEDOUT')
    return gap(context, 'timeout', `${said}: it did not finish in time`);
  if (code === '28P01' || code === '28000' || code === '42501')
    return gap(context, 'auth', `${said}: the credentials were refused`);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET' || code.startsWith('08'))
    return gap(context, 'unreachable', `${said}: the database could not be reached`);
  if (/^(42|22|3D|3F|0A)/.test(code)) return gap(context, 'bad-config', `${said}: fix the query or the database name`);
  if (/^(53|57|58|XX)/.test(code)) return gap(context, 'server-error', `${said}: the database failed`);
  return gap(context, 'unreachable', `${said}: the query could not be run`);
}

export type Rows =
  { readonly ok: true; readonly rows: FigureRow[] } | { readonly ok: false; readonly result: CollectResult };

/**
 * One connection per run: connect, run the query with the interval, close. Abort (the interval's budget ran out)
 * closes the connection, connecting or querying: no time-out of its own cuts it sooner.
 */
export async function queryFigures(
  options: PostgresOptions,
  thresholds: readonly number[],
  context: CollectContext,
  signal: AbortSignal,
): Promise<Rows> {
  const client = new pg.Client({
    connectionString: options.connectionString.reveal(),
    statement_timeout: options.statementTimeout,
    application_name: 'kept-collector',
  });
  // A failed connection emits 'error' as well as rejecting; the rejection is what is handled.
  client.on('error', () => undefined);
  const abort = () => void client.end().catch(() => undefined);
  signal.addEventListener('abort', abort, { once: true });
  const values = [new Date(context.window.fromMs), new Date(context.window.toMs), [...thresholds]].slice(
    0,
    parameterCount(options.query),
  );
  try {
    await client.connect();
    const result = await client.query(options.query, values);
    const rows: FigureRow[] = [];
    for (const row of result.rows as unknown[]) {
      const parsed = figureRowSchema.safeParse(row);
      if (!parsed.success) return { ok: false, result: schemaGap(context, 'the collector query', parsed.error) };
      rows.push(parsed.data);
    }
    return { ok: true, rows };
  } catch (error) {
    return { ok: false, result: postgresFailure(error, context, signal.aborted) };
  } finally {
    signal.removeEventListener('abort', abort);
    await client.end().catch(() => undefined);
  }
}
