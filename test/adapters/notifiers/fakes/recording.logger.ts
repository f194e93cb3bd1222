import type { Logger } from '../../../../src/app/ports.ts';

export interface LogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A Logger that keeps entries, serialised the way the JSON logger writes them, so tests can search their text. */
export function recordingLogger(): Logger & { readonly entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = [];
  const add =
    (level: LogEntry['level']) =>
    (message: string, fields: Readonly<Record<string, unknown>> = {}) => {
      entries.push({ level, message, fields });
    };
  return {
    entries,
    info: add('info'),
    warn: add('warn'),
    error: add('error'),
    text: () => entries.map((e) => JSON.stringify({ level: e.level, message: e.message, ...e.fields })).join('\n'),
  };
}
