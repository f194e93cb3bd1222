import type { Logger } from '../app/ports.ts';
import { redactUrls } from '../domain/redact-url.ts';

type Level = 'info' | 'warn' | 'error';

/**
 * Logs one JSON object per line to stderr (stdout stays clean for `--json` output). Secret values print as
 * `<redacted>` through their own toJSON; URLs in any string have their passwords and secret parameters hidden.
 */
const hideUrlSecrets = (_key: string, value: unknown): unknown => (typeof value === 'string' ? redactUrls(value) : value);

export function createJsonLogger(stream: NodeJS.WritableStream = process.stderr, quiet = false): Logger {
  const write = (level: Level, message: string, fields?: Readonly<Record<string, unknown>>): void => {
    if (quiet && level === 'info') return;
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }, hideUrlSecrets)}\n`);
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
