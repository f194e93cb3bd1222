import { z } from 'zod';
import { durationOption } from '../../channels/option-fields.ts';
import { collectorSecret, uncountedOption } from '../collector-options.ts';

/**
 * The desk's own figures in PostgreSQL: one SQL query per interval. `$1` is the interval's start and `$2` its end
 * (timestamptz, [start, end)), `$3` the promise limits in whole seconds (int[]); use only those you need. The query
 * returns one row per queue (and channel), or one per queue and limit, with the columns `queue`, `contacts`,
 * `abandoned` and optionally `channel`, `longest_wait_seconds`, `average_wait_seconds`, `threshold_seconds`,
 * `answered_within`, `abandoned_within`.
 */
export const postgresOptionsSchema = z
  .strictObject({
    connectionString: collectorSecret('postgres://user:password@host:5432/db (the password is kept secret)'),
    query: z.string().min(1).describe('SQL with $1 (start), $2 (end), $3 (limits in seconds)'),
    channel: z.string().min(1).optional().describe('the channel when the rows have no channel column'),
    statementTimeout: durationOption('a duration such as "30s"', z.number().positive())
      .default(30_000)
      .describe('how long the query may run'),
    uncounted: uncountedOption,
  })
  .describe('postgres collector options');

export type PostgresOptions = z.output<typeof postgresOptionsSchema>;
