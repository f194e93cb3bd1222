import type { ProbeSpec } from '../../../../src/domain/catalogue.ts';
import { encodeWav } from '../../../../src/domain/audio/wav.ts';
import { speakText, speechMissing } from '../../../../src/desk/phone/voices.ts';
import { encodeG711 } from '../../../../src/protocols/g711/g711.ts';

import { testProbe } from '../../../support/probe-kit.ts';

export { memoryLog, probeContext } from '../../../support/probe-kit.ts';

export function sipProbe(target: string, options: Record<string, unknown> = {}, timeoutMs = 20_000): ProbeSpec {
  return testProbe('sip', 'test-sip', target, options, timeoutMs);
}

/** Why espeak-ng cannot run here; throws in CI, where it must be installed. */
export function speechToolsMissing(): string | undefined {
  const why = speechMissing();
  if (why !== undefined && process.env.CI) throw new Error(`${why}: integration tests must not be skipped in CI`);
  return why;
}

/** Speech from espeak-ng as 8 kHz 16-bit samples (resampled in code; no sox needed). */
export const speak = (text: string, voice = { name: 'en', speed: 160, pitch: 50 }): Promise<Int16Array> =>
  speakText(text, voice);

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

export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
