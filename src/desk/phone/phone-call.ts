import type { Clock } from '../../app/ports.ts';
import type { Staffing } from '../staffing.schedule.ts';
import type { PhoneDialog } from './phone-dialog.ts';
import type { RtpPlayer } from './rtp-player.ts';
import type { PhoneVoices } from './voices.ts';

/** What the desk did on one call, in clock ms since the INVITE arrived: the truth the probe is compared with. */
export interface PhoneCallRecord {
  readonly callId: string;
  readonly staffing: Staffing['mode'];
  /** Clock time (epoch ms) the INVITE arrived. */
  readonly startedAt: number;
  ringingMs?: number;
  answerMs?: number;
  readonly prompts: { name: string; startMs: number }[];
  readonly digits: { digit: string; via: 'rfc4733' | 'inband'; atMs: number }[];
  queueMs?: number;
  agent?: string;
  /** The hold the desk drew for this call (from the staffing schedule). */
  humanDelayMs?: number;
  /**
   * When the agent started speaking: the first sample of their greeting in the call's media timeline (its RTP packet
   * was due then; the caller hears it one network delay later).
   */
  agentSpeechMs?: number;
  /** When that packet actually left: later than agentSpeechMs when the desk ran behind (a loaded machine). */
  agentSentMs?: number;
  endMs?: number;
  endedBy?: 'caller' | 'desk' | 'cancel';
}

export interface CallScript {
  readonly clock: Clock;
  readonly staffing: Staffing;
  readonly voices: PhoneVoices;
  readonly player: RtpPlayer;
  readonly dialog: PhoneDialog;
  readonly record: PhoneCallRecord;
  /** Monotonic clock when the INVITE arrived. */
  readonly t0: number;
  /** Where "press 0 for a person" leads: the queue (it works) or back to the menu (it does not). */
  readonly escape: 'queue' | 'menu';
  readonly agent: string;
  readonly humanDelayMs: number;
  readonly signal: AbortSignal;
}

/** The menu plays at most this many times before the desk says goodbye and hangs up. */
const MAX_MENUS = 4;
/** Quiet after the menu before it plays again. */
const DIGIT_WAIT_MS = 6_000;
/** How long the agent waits for the caller to speak before hanging up. */
const AGENT_WAIT_MS = 60_000;

/**
 * One call after the answer: the menu (1 billing, 2 support, 0 a person, 9 repeat), then either the queue — hold
 * music and an announcement looping until the agent (after `humanDelayMs`) picks up and greets the caller — or,
 * out of hours (bot-only), the opening hours and back to the menu: a loop with no way forward.
 */
export async function runCallScript(script: CallScript): Promise<void> {
  const { clock, player, record, signal } = script;
  const since = (): number => clock.monotonic() - script.t0;
  const digits: string[] = [];
  let wake: (() => void) | undefined;
  player.onDigit((digit, via, atMono) => {
    record.digits.push({ digit, via, atMs: Math.round((atMono - script.t0) * 10) / 10 });
    digits.push(digit);
    player.stopAll();
    wake?.();
  });
  const say = (name: string, samples: Int16Array): Promise<'played' | 'stopped'> =>
    player.play(samples, (atMono) =>
      record.prompts.push({ name, startMs: Math.round((atMono - script.t0) * 10) / 10 }),
    );
  const nextDigit = async (waitMs: number): Promise<string | undefined> => {
    if (digits.length > 0) return digits.shift();
    const stop = new AbortController();
    const woken = new Promise<void>((resolve) => (wake = resolve));
    await Promise.race([woken, clock.sleep(waitMs, AbortSignal.any([stop.signal, signal])).catch(() => undefined)]);
    stop.abort();
    wake = undefined;
    return digits.shift();
  };

  for (let menus = 0; menus < MAX_MENUS && !signal.aborted; menus += 1) {
    const heard = await say('menu', script.voices.menu);
    const digit = heard === 'stopped' && digits.length > 0 ? digits.shift() : await nextDigit(DIGIT_WAIT_MS);
    if (digit === undefined || digit === '9') continue;
    const toQueue = digit === '1' || digit === '2' || (digit === '0' && script.escape === 'queue');
    if (!toQueue) {
      await say('invalid', script.voices.invalid);
      continue;
    }
    if (script.staffing.mode !== 'staffed') {
      await say('closed', script.voices.closed);
      continue;
    }
    await say('queue', script.voices.queue);
    await hold(script, say, since);
    return;
  }
  if (!signal.aborted) await say('goodbye', script.voices.goodbye);
}

async function hold(
  script: CallScript,
  say: (name: string, samples: Int16Array) => Promise<'played' | 'stopped'>,
  since: () => number,
): Promise<void> {
  const { clock, player, record, signal } = script;
  record.queueMs = Math.round(since() * 10) / 10;
  record.agent = script.agent;
  record.humanDelayMs = script.humanDelayMs;
  const greeting = script.voices.agentGreeting(script.agent);
  const picksUp = clock.sleep(script.humanDelayMs, signal).then(
    () => true,
    () => false,
  );
  let answered = false;
  void picksUp.then((ok) => {
    answered = ok;
    player.stopAll();
  });
  while (!answered && !signal.aborted) {
    await say('hold music', script.voices.holdMusic);
    if (answered || signal.aborted) break;
    await say('hold announcement', script.voices.holdAnnouncement);
  }
  if (!(await picksUp)) return;
  await clock.sleep(400, signal).catch(() => undefined);
  const words = await greeting;
  if (signal.aborted) return;
  await player.play(words, (dueMono, sentMono) => {
    record.agentSpeechMs = Math.round((dueMono - script.t0) * 10) / 10;
    record.agentSentMs = Math.round((sentMono - script.t0) * 10) / 10;
  });
  await clock.sleep(AGENT_WAIT_MS, signal).catch(() => undefined);
}
