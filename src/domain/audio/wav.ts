/**
 * WAV files (RIFF) for audio evidence and test fixtures: 8 kHz mono, as 16-bit PCM, μ-law or A-law. Pure: bytes in,
 * bytes out.
 */
import { decodeG711, type G711Law } from '../../protocols/g711/g711.ts';

export type WavFormat = 'pcm16' | G711Law;

const FORMAT_TAG: Record<WavFormat, number> = { pcm16: 1, pcma: 6, pcmu: 7 };

export interface DecodedWav {
  readonly sampleRate: number;
  readonly channels: number;
  readonly format: WavFormat;
  /** 16-bit linear samples of the first channel. */
  readonly samples: Int16Array;
}

/** A WAV file holding `data` (16-bit samples for pcm16, G.711 codes otherwise), mono. */
export function encodeWav(data: Int16Array | Uint8Array, format: WavFormat, sampleRate = 8_000): Uint8Array {
  const bytesPerSample = format === 'pcm16' ? 2 : 1;
  const dataBytes = data.length * bytesPerSample;
  const factChunk = format === 'pcm16' ? 0 : 12;
  const fmtSize = format === 'pcm16' ? 16 : 18;
  const header = 12 + 8 + fmtSize + factChunk + 8;
  const bytes = new Uint8Array(header + dataBytes);
  const view = new DataView(bytes.buffer);
  const text = (at: number, value: string): void => {
    for (let i = 0; i < value.length; i += 1) bytes[at + i] = value.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, FORMAT_TAG[format], true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * bytesPerSample, true);
  view.setUint16(32, bytesPerSample, true);
  view.setUint16(34, bytesPerSample * 8, true);
  let at = 36;
  if (fmtSize === 18) {
    view.setUint16(at, 0, true);
    at += 2;
  }
  if (factChunk > 0) {
    text(at, 'fact');
    view.setUint32(at + 4, 4, true);
    view.setUint32(at + 8, data.length, true);
    at += 12;
  }
  text(at, 'data');
  view.setUint32(at + 4, dataBytes, true);
  at += 8;
  if (format === 'pcm16') {
    for (let i = 0; i < data.length; i += 1) view.setInt16(at + i * 2, data[i] as number, true);
  } else {
    bytes.set(data as Uint8Array, at);
  }
  return bytes;
}

/** Reads a WAV file (PCM 8/16-bit, μ-law or A-law); throws a RangeError for anything else. */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new RangeError('not a RIFF/WAVE file');
  let at = 12;
  let fmt: { tag: number; channels: number; rate: number; bits: number } | undefined;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    let size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      fmt = {
        tag: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
      if (fmt.tag === 0xfffe && size >= 26) fmt.tag = view.getUint16(body + 24, true);
    } else if (id === 'data') {
      if (fmt === undefined) throw new RangeError('WAV data before its fmt chunk');
      if (size === 0xffffffff || body + size > bytes.length) size = bytes.length - body;
      return decodeData(bytes.subarray(body, body + size), fmt);
    }
    at = body + size + (size % 2);
  }
  throw new RangeError('a WAV file without a data chunk');
}

function decodeData(data: Uint8Array, fmt: { tag: number; channels: number; rate: number; bits: number }): DecodedWav {
  const { channels } = fmt;
  const base = { sampleRate: fmt.rate, channels };
  if (fmt.tag === 6 || fmt.tag === 7) {
    const law: G711Law = fmt.tag === 7 ? 'pcmu' : 'pcma';
    const mono = channels === 1 ? data : data.filter((_, i) => i % channels === 0);
    return { ...base, format: law, samples: decodeG711(mono, law) };
  }
  if (fmt.tag !== 1 || (fmt.bits !== 16 && fmt.bits !== 8)) {
    throw new RangeError(`unsupported WAV encoding (format ${fmt.tag}, ${fmt.bits} bits)`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const step = (fmt.bits / 8) * channels;
  const samples = new Int16Array(Math.floor(data.length / step));
  for (let i = 0; i < samples.length; i += 1) {
    samples[i] = fmt.bits === 16 ? view.getInt16(i * step, true) : ((data[i * step] as number) - 128) << 8;
  }
  return { ...base, format: 'pcm16', samples };
}
