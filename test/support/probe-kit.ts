import { randomUUID } from 'node:crypto';
import type { Clock, Logger, ProbeContext } from '../../src/app/ports.ts';
import { systemClock } from '../../src/adapters/clock/system.clock.ts';
import type { ProbeKind } from '../../src/domain/channel.ts';
import type { ProbeSpec } from '../../src/domain/catalogue.ts';

/** What a test reads of a log line. */
export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** A Logger that keeps what it is told, for assertions and for reading a failing test's story. */
export function memoryLog(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
    lines.push({ level, message, ...(fields === undefined ? {} : { fields }) });
  };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** A probe run's context on the system clock (or the one given), never aborted unless a signal is given. */
export function probeContext(
  options: { clock?: Clock; signal?: AbortSignal; runId?: string; log?: Logger } = {},
): ProbeContext {
  return {
    runId: options.runId ?? randomUUID(),
    clock: options.clock ?? systemClock,
    signal: options.signal ?? new AbortController().signal,
    log: options.log ?? memoryLog(),
  };
}

/** A probe of `kind` run by hand in a test: every minute in UTC, no jitter, verifying nothing. */
export function testProbe(
  kind: ProbeKind,
  id: string,
  target: string,
  options: Record<string, unknown>,
  timeoutMs: number,
): ProbeSpec {
  return {
    id,
    kind,
    target,
    schedule: { cron: '* * * * *', timeZone: 'UTC', jitterMs: 0, timeoutMs },
    verifies: [],
    options,
  };
}
