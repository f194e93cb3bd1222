/**
 * A wider audio corpus for the audio tests, made here from Debian packages at test time (nothing big is committed):
 * voices from three speech synthesisers (espeak-ng, flite, festival), music beds from sox, noise, and G.711 round
 * trips. Generated audio is cached as WAV under `$KEPT_AUDIO_CACHE` (default `<tmpdir>/kept-audio-corpus`), keyed by
 * what made it. Real recordings join when `KEPT_AUDIO_CORPUS` names a folder with a `labels.tsv` (see
 * `realRecordings`).
 *
 *   const agent = await synthesize(AGENT_VOICES[3], 'Hello, you are through to Sam.');
 *   const bed = await musicBed('pluck', 4);
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resample, trimSilence } from '../../src/domain/audio/resample.ts';
import { decodeWav, encodeWav } from '../../src/domain/audio/wav.ts';
import { decodeG711, encodeG711, type G711Law } from '../../src/protocols/g711/g711.ts';

export type Engine = 'espeak-ng' | 'flite' | 'festival';

export interface Voice {
  readonly engine: Engine;
  /** espeak-ng: `-v` name; flite: `-voice` name; festival: a voice function such as `voice_kal_diphone`. */
  readonly voice: string;
  /** espeak-ng only: words per minute and pitch. */
  readonly speed?: number;
  readonly pitch?: number;
}

/** Agents: three engines, eight voices (male and female, diphone, clustergen and formant synthesis). */
export const AGENT_VOICES: readonly Voice[] = [
  { engine: 'flite', voice: 'slt' },
  { engine: 'flite', voice: 'awb' },
  { engine: 'flite', voice: 'rms' },
  { engine: 'flite', voice: 'kal16' },
  { engine: 'festival', voice: 'voice_kal_diphone' },
  { engine: 'espeak-ng', voice: 'en-us+f3', speed: 170, pitch: 60 },
  { engine: 'espeak-ng', voice: 'en-gb-scotland+m3', speed: 150, pitch: 35 },
  { engine: 'espeak-ng', voice: 'en-gb-x-rp+f4', speed: 185, pitch: 70 },
];

/** The line's own recorded voice (prompts and announcements). */
export const PROMPT_VOICE: Voice = { engine: 'espeak-ng', voice: 'en-gb', speed: 165, pitch: 45 };

const ENGINE_PACKAGES: Record<Engine, { binary: string; pkg: string }> = {
  'espeak-ng': { binary: 'espeak-ng', pkg: 'espeak-ng' },
  flite: { binary: 'flite', pkg: 'flite' },
  festival: { binary: 'text2wave', pkg: 'festival festvox-kallpc16k' },
};

const has = (binary: string): boolean => spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;

/** Why the corpus cannot be made here (a missing package), or undefined. Throws in CI, where it must be made. */
export function corpusMissing(): string | undefined {
  const absent = [...Object.values(ENGINE_PACKAGES), { binary: 'sox', pkg: 'sox' }].filter((e) => !has(e.binary));
  if (absent.length === 0) return undefined;
  const why = `audio corpus tools missing (apt-get install --no-install-recommends ${absent.map((e) => e.pkg).join(' ')})`;
  if (process.env.CI) throw new Error(`${why}: audio corpus tests must not be skipped in CI`);
  return why;
}

function cacheDir(): string {
  const dir = process.env.KEPT_AUDIO_CACHE ?? join(tmpdir(), 'kept-audio-corpus');
  mkdirSync(dir, { recursive: true });
  return dir;
}

function run(command: string, args: readonly string[], input?: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.once('error', fail);
    child.once('close', (code) =>
      code === 0 ? done() : fail(new Error(`${command} exited ${code}: ${errors.trim().slice(0, 500)}`)),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Makes (or reuses) the cached WAV for `key`, then reads it as 8 kHz samples. */
async function cached(key: string, make: (path: string) => Promise<void>): Promise<Int16Array> {
  const path = join(cacheDir(), `${createHash('sha256').update(key).digest('hex').slice(0, 24)}.wav`);
  if (!existsSync(path)) {
    const part = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.wav`;
    await make(part);
    renameSync(part, path);
  }
  const wav = decodeWav(readFileSync(path));
  return resample(wav.samples, wav.sampleRate);
}

/** Speech in `voice`, 8 kHz, without leading or trailing quiet. */
export async function synthesize(voice: Voice, text: string): Promise<Int16Array> {
  const key = JSON.stringify({ v: 1, ...voice, text });
  const samples = await cached(key, async (path) => {
    if (voice.engine === 'espeak-ng') {
      const args = ['-w', path, '-v', voice.voice, '-s', String(voice.speed ?? 160), '-p', String(voice.pitch ?? 50)];
      await run('espeak-ng', [...args, text]);
    } else if (voice.engine === 'flite') {
      await run('flite', ['-voice', voice.voice, '-t', text, '-o', path]);
    } else {
      const quoted = text.replace(/["\\]/g, '');
      await run('text2wave', ['-eval', `(${voice.voice})`, '-o', path], quoted);
    }
  });
  return trimSilence(samples);
}

export type MusicStyle = 'pluck' | 'pad' | 'pulse';

/**
 * A music bed from sox: `pluck` an arpeggio of plucked strings, `pad` a tremolo chord that changes every second,
 * `pulse` a square-wave bass line with a noise hi-hat (a beat: the kind of music that can read as speech).
 */
export async function musicBed(style: MusicStyle, seconds: number, seed = 1): Promise<Int16Array> {
  const key = JSON.stringify({ v: 2, music: style, seconds, seed });
  return cached(key, async (path) => {
    const notes = ['C4', 'E4', 'G4', 'A4', 'D4', 'F4', 'B3', 'C5'];
    // A note sequence that does not repeat within the bed (the line loops the bed, the bed itself does not loop).
    const note = (i: number): string => notes[(((i + 1) * 2_654_435_761 + seed * 40_503) % 65_521) % notes.length]!;
    const chains: string[][] = [];
    if (style === 'pluck') {
      for (let t = 0, i = 0; t < seconds; t += 0.25, i += 1) chains.push(['synth', '0.25', 'pluck', note(i)]);
    } else if (style === 'pad') {
      for (let t = 0, i = 0; t < seconds; t += 1, i += 1)
        chains.push(['synth', '1', 'sine', note(i), 'sine', note(i + 2), 'remix', '-', 'tremolo', '5', '30']);
    } else {
      for (let t = 0, i = 0; t < seconds; t += 0.25, i += 1)
        chains.push(['synth', '0.25', 'square', note(i).replace(/\d/, '2'), 'fade', '0', '0.25', '0.2']);
    }
    const args = ['-n', '-r', '8000', '-c', '1', '-b', '16', path];
    chains.forEach((chain, i) => args.push(...(i > 0 ? [':'] : []), ...chain));
    await run('sox', args);
    if (style === 'pulse') {
      // the hi-hat: short noise bursts on every eighth note, mixed in code
      const bed = decodeWav(readFileSync(path));
      const out = Int16Array.from(bed.samples, (v) => (v * 0.6) | 0);
      const hat = whiteNoise(out.length, 2_500, seed);
      for (let i = 0; i < out.length; i += 1)
        if (i % 1_000 < 240) out[i] = clip((out[i] as number) + (hat[i] as number));
      writeFileSync(path, encodeWav(out, 'pcm16'));
    }
  });
}

const clip = (v: number): number => Math.max(-32_768, Math.min(32_767, Math.round(v)));

function whiteNoise(length: number, amplitude: number, seed: number): Int16Array {
  let state = seed * 7_919 + 1;
  return Int16Array.from({ length }, () => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return Math.round(((state / 4_294_967_296) * 2 - 1) * amplitude);
  });
}

/** `samples` with white noise at `dbfs` (RMS, dB below full scale) added: a line's hiss. */
export function withNoise(samples: Int16Array, dbfs: number, seed = 3): Int16Array {
  const amplitude = 32_768 * 10 ** (dbfs / 20) * Math.sqrt(3);
  const hiss = whiteNoise(samples.length, amplitude, seed);
  return Int16Array.from(samples, (v, i) => clip(v + (hiss[i] as number)));
}

/** Through a G.711 codec and back, as a phone line carries it. */
export const g711RoundTrip = (samples: Int16Array, law: G711Law): Int16Array =>
  decodeG711(encodeG711(samples, law), law);

/** A recording from `KEPT_AUDIO_CORPUS`: its samples (8 kHz) and its label. */
export interface RealRecording {
  readonly file: string;
  /** `agent` (a live person), `prompt` (a recorded announcement) or `music` (a hold bed). */
  readonly label: 'agent' | 'prompt' | 'music';
  readonly samples: Int16Array;
}

/**
 * Real recordings, when `KEPT_AUDIO_CORPUS` names a folder holding WAV files (PCM 16-bit, μ-law or A-law, any rate)
 * and a `labels.tsv`: one line per file, `file.wav<TAB>agent|prompt|music`; `#` starts a comment. Empty otherwise.
 */
export function realRecordings(dir = process.env.KEPT_AUDIO_CORPUS): RealRecording[] {
  if (dir === undefined || dir === '') return [];
  const labels = readFileSync(join(dir, 'labels.tsv'), 'utf8');
  const out: RealRecording[] = [];
  for (const [n, line] of labels.split('\n').entries()) {
    const text = line.replace(/#.*/, '').trim();
    if (text === '') continue;
    const [file, label] = text.split(/\t+|\s{2,}/);
    if (file === undefined || (label !== 'agent' && label !== 'prompt' && label !== 'music'))
      throw new Error(`${join(dir, 'labels.tsv')}:${n + 1}: expected "file.wav<TAB>agent|prompt|music"`);
    const wav = decodeWav(readFileSync(join(dir, file)));
    out.push({ file, label, samples: trimSilence(resample(wav.samples, wav.sampleRate)) });
  }
  return out;
}
