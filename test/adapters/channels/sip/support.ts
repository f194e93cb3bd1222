import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, Logger, ProbeContext } from '../../../../src/app/ports.ts';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import type { ProbeSpec } from '../../../../src/domain/catalogue.ts';
import { decodeWav, encodeWav } from '../../../../src/domain/audio/wav.ts';
import { encodeG711 } from '../../../../src/domain/audio/g711.ts';

export function memoryLog(): Logger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  return {
    lines,
    info: (message) => void lines.push({ level: 'info', message }),
    warn: (message) => void lines.push({ level: 'warn', message }),
    error: (message) => void lines.push({ level: 'error', message }),
  };
}

export function sipProbe(target: string, options: Record<string, unknown> = {}, timeoutMs = 20_000): ProbeSpec {
  return { id: 'test-sip', kind: 'sip', target, schedule: { cron: '* * * * *', timeZone: 'UTC', jitterMs: 0, timeoutMs }, verifies: [], options };
}

export function probeContext(options: { clock?: Clock; signal?: AbortSignal } = {}): ProbeContext {
  return { runId: randomUUID(), clock: options.clock ?? systemClock, signal: options.signal ?? new AbortController().signal, log: memoryLog() };
}

/** Why espeak-ng or sox cannot run here; throws in CI, where they must be installed. */
export function speechToolsMissing(): string | undefined {
  const ok = (command: string, args: string[]): boolean => spawnSync(command, args, { encoding: 'utf8' }).status === 0;
  if (ok('espeak-ng', ['--version']) && ok('sox', ['--version'])) return undefined;
  const why = 'espeak-ng and sox are not installed (apt-get install --no-install-recommends espeak-ng sox)';
  if (process.env.CI) throw new Error(`${why}: integration tests must not be skipped in CI`);
  return why;
}

/** Speech from espeak-ng as 8 kHz 16-bit samples. */
export function speak(text: string, voice = 'en', speed = 160, pitch = 50): Int16Array {
  const dir = mkdtempSync(join(tmpdir(), 'kept-speak-'));
  try {
    const raw = join(dir, 'raw.wav');
    const out = join(dir, 'out.wav');
    const espeak = spawnSync('espeak-ng', ['-v', voice, '-s', String(speed), '-p', String(pitch), '-w', raw, text]);
    if (espeak.status !== 0) throw new Error(`espeak-ng failed: ${espeak.stderr}`);
    const sox = spawnSync('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', out]);
    if (sox.status !== 0) throw new Error(`sox failed: ${sox.stderr}`);
    return decodeWav(readFileSync(out)).samples;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An 8 kHz μ-law WAV of the samples, as SIPp's rtp_stream plays it. */
export const ulawWav = (samples: Int16Array): Uint8Array => encodeWav(encodeG711(samples, 'pcmu'), 'pcmu');

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export const silence = (ms: number): Int16Array => new Int16Array(Math.round(ms * 8));

export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
