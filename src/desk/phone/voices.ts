import { spawn, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { resample, trimSilence } from '../../domain/audio/resample.ts';
import { decodeWav } from '../../domain/audio/wav.ts';
import { fatalError } from '../../domain/errors.ts';
import { holdMusic } from './hold-music.ts';

/** The recorded audio of the hotline (the same on every call, as on a real one) and live agents' words. */
export interface PhoneVoices {
  readonly menu: Int16Array;
  readonly queue: Int16Array;
  readonly holdAnnouncement: Int16Array;
  readonly holdMusic: Int16Array;
  readonly closed: Int16Array;
  readonly invalid: Int16Array;
  readonly goodbye: Int16Array;
  /** Something an agent says on picking up: different words, voice and pace on every call, never a recording. */
  agentGreeting(name: string): Promise<Int16Array>;
}

export const PROMPTS = {
  menu: 'Welcome to Demo Desk. For billing, press 1. For technical support, press 2. To speak to a person, press 0.',
  queue: 'Thank you. Please hold while we connect you to an adviser.',
  holdAnnouncement: 'Your call is important to us. Please stay on the line, an adviser will be with you shortly.',
  closed:
    'Our advisers are available Monday to Friday, from 8 in the morning to 8 in the evening. Please call again then.',
  invalid: 'Sorry, that is not a valid option.',
  goodbye: 'Thank you for calling. Goodbye.',
} as const;

const OPENINGS = ['Hi there', 'Hello', 'Good day', 'Hiya', 'Hello and thanks for holding', 'Hi, thanks for waiting'];
const ASKS = [
  'how can I help you today?',
  'what can I do for you?',
  'could I take your account number, please?',
  'can I start with your postcode?',
  'what seems to be the problem?',
  'could you tell me what the call is about?',
];
/** espeak-ng accents that sound different (`en` is `en-gb`). */
const ACCENTS = ['en-gb', 'en-us', 'en-gb-scotland', 'en-gb-x-rp'];
const VARIANTS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'f1', 'f2', 'f3', 'f4', 'f5'];
const SPEEDS = [130, 140, 150, 160, 170, 180, 190, 200];
const PITCHES = [20, 30, 40, 50, 60, 70, 80];

/**
 * Each call's agent gets a voice no other call had (until all 2,688 have been used): an accent, a voice variant and a
 * pace and pitch in steps of 10. A speech synthesiser with the same settings says the same words identically, as a
 * recording would; people never do, and the desk simulates people.
 */
function agentVoices(): { next(): { name: string; speed: number; pitch: number } } {
  let pool: { name: string; speed: number; pitch: number }[] = [];
  return {
    next() {
      if (pool.length === 0) {
        pool = ACCENTS.flatMap((accent) =>
          VARIANTS.flatMap((variant) =>
            SPEEDS.flatMap((speed) => PITCHES.map((pitch) => ({ name: `${accent}+${variant}`, speed, pitch }))),
          ),
        );
      }
      const [voice] = pool.splice(randomInt(pool.length), 1);
      return voice as { name: string; speed: number; pitch: number };
    },
  };
}

/** Why the phone desk cannot speak here (espeak-ng missing), or undefined. */
export function speechMissing(): string | undefined {
  const probe = spawnSync('espeak-ng', ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0
    ? undefined
    : 'espeak-ng is not installed (apt-get install --no-install-recommends espeak-ng)';
}

/** Speech from espeak-ng (its WAV on stdout), as 8 kHz samples without leading or trailing quiet. */
export async function speakText(text: string, voice = { name: 'en', speed: 160, pitch: 50 }): Promise<Int16Array> {
  const args = ['--stdout', '-v', voice.name, '-s', String(voice.speed), '-p', String(voice.pitch), text];
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn('espeak-ng', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`espeak-ng exited ${code}: ${errors.trim()}`)),
    );
  });
  const wav = decodeWav(bytes);
  return trimSilence(resample(wav.samples, wav.sampleRate));
}

/**
 * Makes the hotline's prompts (espeak-ng) and hold music (synthesised) once, at desk start. `holdMusicSeconds`
 * (default 8) sets the length of the music between two hold announcements.
 */
export async function createPhoneVoices(
  options: { seed?: number; holdMusicSeconds?: number } = {},
): Promise<PhoneVoices> {
  const missing = speechMissing();
  if (missing !== undefined)
    throw fatalError('desk.speech-missing', `the phone desk speaks its prompts with espeak-ng: ${missing}`);
  const voice = { name: 'en-gb', speed: 165, pitch: 45 };
  const entries = await Promise.all(
    Object.entries(PROMPTS).map(async ([key, text]) => [key, await speakText(text, voice)] as const),
  );
  const prompts = Object.fromEntries(entries) as Record<keyof typeof PROMPTS, Int16Array>;
  const voices = agentVoices();
  return {
    ...prompts,
    holdMusic: holdMusic(options.holdMusicSeconds ?? 8, options.seed ?? 1),
    agentGreeting: (name) => {
      const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)] as T;
      const reference = Array.from({ length: 4 }, () => randomInt(10)).join(' ');
      const text = `${pick(OPENINGS)}, you're through to ${name}. ${pick(ASKS)} I have your call reference as ${reference}.`;
      return speakText(text, voices.next());
    },
  };
}
