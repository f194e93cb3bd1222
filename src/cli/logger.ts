import type { Logger } from '../app/ports.ts';
import { redactUrls } from '../domain/redact-url.ts';

export const LOG_LEVELS = ['info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggerOptions {
  /** Where lines go. Default stderr (stdout stays clean for `--json` output and the demo's status line). */
  readonly stream?: NodeJS.WritableStream;
  /** The least severe level written. Default `info`. */
  readonly level?: LogLevel;
  /** `json`: one JSON object a line, for log shippers. `pretty`: `12:00:01 WARN message key=value`, for people. */
  readonly format?: LogFormat;
  /** Wall-clock time for the lines' stamps. Default `Date.now`. */
  readonly now?: () => number;
}

/** URLs in any string have their passwords and secret parameters hidden; Secret values print as `<redacted>`. */
const hideUrlSecrets = (_key: string, value: unknown): unknown =>
  typeof value === 'string' ? redactUrls(value) : value;

/** A field's value as logfmt writes it: bare when it can be, else quoted (a space, a quote or `=` inside). */
function prettyValue(value: unknown): string {
  const json = JSON.stringify(value, hideUrlSecrets) ?? String(value);
  const text = json.startsWith('"') ? (JSON.parse(json) as string) : json;
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

/** Kept's logger: structured lines at or above a level, as JSON or for people, with secrets hidden either way. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const least = LOG_LEVELS.indexOf(options.level ?? 'info');
  const now = options.now ?? Date.now;
  const write = (level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void => {
    if (LOG_LEVELS.indexOf(level) < least) return;
    const time = new Date(now()).toISOString();
    if (options.format === 'pretty') {
      const pairs = Object.entries(fields ?? {}).map(([key, value]) => ` ${key}=${prettyValue(value)}`);
      stream.write(`${time.slice(11, 19)} ${level.toUpperCase().padEnd(5)} ${redactUrls(message)}${pairs.join('')}\n`);
      return;
    }
    stream.write(`${JSON.stringify({ time, level, message, ...fields }, hideUrlSecrets)}\n`);
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

/** One JSON object per line (see createLogger); `quiet` leaves out `info`. */
export function createJsonLogger(stream: NodeJS.WritableStream = process.stderr, quiet = false): Logger {
  return createLogger({ stream, level: quiet ? 'warn' : 'info', format: 'json' });
}
