import type { InfluxDB, IPoint } from 'influx';
import { fatalError, KeptError, transientError, validationError } from '../../../domain/errors.ts';
import { redactUrls } from '../../../domain/redact-url.ts';

/**
 * Requests to InfluxDB and their failures as KeptErrors. The client's own errors hold the request, whose headers carry
 * the credentials, so only their message is kept, never the error itself.
 */

const NETWORK =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|socket hang up|timed out|No host available/i;

export function influxError(action: string, error: unknown): KeptError {
  if (error instanceof KeptError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const raw = redactUrls(error instanceof Error ? error.message || error.constructor.name : String(error));
  const detail = typeof code === 'string' && !raw.includes(code) ? `${code} ${raw}` : raw;
  const message = `influx store: ${action} failed: ${detail}`;
  const cause = new Error(detail);
  if (/points beyond retention policy dropped/.test(raw)) {
    return validationError('store.influx.beyond-retention', `${message} (older than the raw retention)`, cause);
  }
  if (/database not found|retention policy not found/.test(raw))
    return transientError('store.influx.no-schema', message, cause);
  if (/\b(401|403)\b/.test(raw)) return fatalError('store.influx.unauthorized', message, cause);
  if (
    /\b5\d\d\b|ServiceNotAvailable/.test(raw) ||
    NETWORK.test(detail) ||
    error?.constructor?.name === 'ServiceNotAvailableError'
  ) {
    return transientError('store.unavailable', message, cause);
  }
  if (/field type conflict|invalid field format|unable to parse/.test(raw))
    return fatalError('store.influx.rejected', message, cause);
  return fatalError('store.failed', message, cause);
}

interface RawSeries {
  readonly name?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly columns: readonly string[];
  readonly values?: readonly (readonly unknown[])[];
}
interface RawResult {
  readonly series?: readonly RawSeries[];
  readonly error?: string;
}

/** One row of an answer: its series' tags merged with its columns, `time` in epoch milliseconds. */
export type Row = Readonly<Record<string, unknown>>;

/** One statement's rows. */
export type Rows = Row[];

/**
 * The client settles a request only on the reply's 'end': when the server dies in the middle of a reply (SIGKILL),
 * 'end' never comes and neither does an error, so its promise would hang forever. Every call is therefore raced
 * against a deadline; the abandoned request's socket is destroyed with the dead connection.
 */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no complete reply within ${ms} ms (timed out)`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Requests made for one action since open, and the milliseconds they took (for profiling replays and bulk loads). */
export interface ActionCount {
  requests: number;
  ms: number;
}

export class InfluxIo {
  readonly #client: InfluxDB;
  readonly #database: string;
  readonly #deadlineMs: number;
  readonly #counts = new Map<string, ActionCount>();

  constructor(client: InfluxDB, database: string, deadlineMs: number) {
    this.#client = client;
    this.#database = database;
    this.#deadlineMs = deadlineMs;
  }

  /** Requests per action since open, with the time they took. */
  counts(): Record<string, ActionCount> {
    return Object.fromEntries([...this.#counts].map(([action, c]) => [action, { ...c }]));
  }

  #count(action: string, started: number): void {
    let c = this.#counts.get(action);
    if (c === undefined) this.#counts.set(action, (c = { requests: 0, ms: 0 }));
    c.requests += 1;
    c.ms += performance.now() - started;
  }

  /** Runs statements (joined with `;`) in one POST; resolves with each statement's rows. */
  async query(action: string, statements: readonly string[]): Promise<Rows[]> {
    if (statements.length === 0) return [];
    let response: { results?: readonly RawResult[]; error?: string };
    const started = performance.now();
    try {
      const request = this.#client.queryRaw(statements.join(';\n'), {
        database: this.#database,
        precision: 'ms',
        method: 'POST',
      });
      response = await withDeadline(request, this.#deadlineMs);
    } catch (error) {
      throw influxError(action, error);
    } finally {
      this.#count(action, started);
    }
    if (response.error !== undefined) throw influxError(action, new Error(response.error));
    return (response.results ?? []).map((result) => {
      if (result.error !== undefined) throw influxError(action, new Error(result.error));
      return (result.series ?? []).flatMap((series) =>
        (series.values ?? []).map((values) => {
          const row: Record<string, unknown> = { ...series.tags };
          series.columns.forEach((column, i) => {
            row[column] = values[i];
          });
          return row;
        }),
      );
    });
  }

  async queryOne(action: string, statement: string): Promise<Rows> {
    const [rows = []] = await this.query(action, [statement]);
    return rows;
  }

  /** Writes points into a retention policy, `batchSize` points a request, with nanosecond precision. */
  async write(action: string, rp: string, points: readonly IPoint[], batchSize: number): Promise<void> {
    for (let i = 0; i < points.length; i += batchSize) {
      const started = performance.now();
      try {
        const request = this.#client.writePoints(points.slice(i, i + batchSize), {
          database: this.#database,
          retentionPolicy: rp,
          precision: 'n',
        });
        await withDeadline(request, this.#deadlineMs);
      } catch (error) {
        throw influxError(action, error);
      } finally {
        this.#count(action, started);
      }
    }
  }
}
