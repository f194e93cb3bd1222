import { createInterface } from 'node:readline';
import type { Logger } from '../../app/ports.ts';

type Level = 'info' | 'warn' | 'error';
const LEVELS: ReadonlySet<string> = new Set(['info', 'warn', 'error']);
/** Longest line relayed: a worker cannot flood the service's log with one endless line. */
const MAX_LINE = 8_192;

/**
 * Relays a worker's output into the service's log, one entry a line: a JSON log line (the worker's own logger) keeps
 * its level, message and fields; any other line (a crash's stack trace) is logged at `level` as it is.
 */
export function relayOutput(
  stream: NodeJS.ReadableStream,
  log: Logger,
  fields: Readonly<Record<string, unknown>>,
  level: Level,
): void {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (raw) => {
    const line = raw.length > MAX_LINE ? `${raw.slice(0, MAX_LINE)}… (${raw.length - MAX_LINE} characters cut)` : raw;
    const entry = parseLogLine(line);
    if (entry === undefined) {
      if (line.trim() !== '') log[level]('probe worker output', { ...fields, line });
      return;
    }
    const { level: own, message, time: _time, ...rest } = entry;
    log[own](message, { ...rest, ...fields });
  });
}

function parseLogLine(
  line: string,
): ({ level: Level; message: string; time?: unknown } & Record<string, unknown>) | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null) return undefined;
    const { level, message } = value as { level?: unknown; message?: unknown };
    if (typeof level !== 'string' || !LEVELS.has(level) || typeof message !== 'string') return undefined;
    return value as { level: Level; message: string } & Record<string, unknown>;
  } catch {
    return undefined;
  }
}
