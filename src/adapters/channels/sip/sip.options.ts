import { z } from 'zod';
import { durationOption, secretOption } from '../option-fields.ts';
import { twilioOptionsSchema } from '../twilio/twilio.options.ts';

const duration = (what: string) => durationOption(`${what} (a duration such as "15s" or "800ms", or milliseconds)`);

/** Digest passwords may be empty. */
const secret = secretOption('a secret; write ${ENV_VAR} rather than the value', z.string());

const digits = z
  .string({
    error: (iss) =>
      typeof iss.input === 'number'
        ? `"press" takes digits as a string: write press: "${String(iss.input)}" (a number would lose a leading 0)`
        : undefined,
  })
  .regex(/^[0-9*#A-Da-d]+$/, 'DTMF digits are 0-9, *, # and A-D')
  .describe('DTMF digits to press, e.g. "1" or "0#"');

const promptWait = z.strictObject({
  timeout: duration('how long to wait for the prompt to start and end').default(20_000),
  silence: duration('the quiet that ends a prompt').default(800),
});

const waitForPrompt = z.strictObject({
  waitForPrompt: z
    .union([
      duration('how long to wait for a prompt to start and end').transform((timeout) => ({ timeout, silence: 800 })),
      promptWait,
    ])
    .describe('wait until a spoken prompt has played and ended (shorthand: the time-out)'),
});

const press = z.strictObject({ press: digits });

const wait = z.strictObject({ wait: duration('how long to listen before the next step') });

const escape = z.strictObject({
  escape: z
    .strictObject({
      press: digits.default('0'),
      within: duration('how long pressing it may take to lead to a queue or a person').default(20_000),
    })
    .describe('the "press 0 for a person" check: press, then see whether the menu repeats or the call moves on'),
});

const step = z
  .union([waitForPrompt, press, wait, escape])
  .describe('one IVR step: waitForPrompt, press, wait or escape');

export type IvrStep = z.output<typeof step>;

const schema = z
  .strictObject({
    transport: z
      .enum(['udp', 'tcp'])
      .default('udp')
      .describe('SIP transport to the target (probe.target is a sip: URI)'),
    from: z
      .string()
      .regex(/^sips?:/, 'a SIP URI such as sip:kept@example.org')
      .optional()
      .describe('our address (From); default sip:kept@<local address>'),
    displayName: z.string().default('Kept probe').describe('the caller name in From'),
    auth: z
      .strictObject({ username: z.string().min(1).describe('the digest user name'), password: secret })
      .optional()
      .describe('digest credentials, for a trunk or a PBX that challenges (401/407)'),
    localAddress: z
      .string()
      .optional()
      .describe('the local IP to send from and advertise in SDP (default: the route to the target)'),
    codecs: z
      .array(z.enum(['PCMU', 'PCMA']))
      .min(1)
      .default(['PCMU', 'PCMA'])
      .describe('G.711 codecs to offer, preferred first'),
    dtmf: z
      .strictObject({
        mode: z
          .enum(['rfc4733', 'inband'])
          .default('rfc4733')
          .describe('telephone-events (RFC 4733), or tones in the audio'),
        tone: duration('how long each digit sounds').default(120),
        gap: duration('the pause after each digit').default(120),
      })
      .default({ mode: 'rfc4733', tone: 120, gap: 120 })
      .describe('how key presses are sent'),
    ringTimeout: duration('how long to let it ring before hanging up (CANCEL): the call is unanswered').default(60_000),
    t1: duration(
      'RFC 3261 T1, the round-trip estimate the SIP timers scale from: over UDP the INVITE is resent after T1, 2·T1 …; ' +
        'a server that never responds is given up after 64·T1 (Timer B), and so is an INVITE whose CANCEL got no 487. ' +
        'Larger on slow links; smaller only on a closed network',
    )
      .refine((ms) => ms >= 1 && ms <= 60_000, 't1 is from 1ms to 60s (RFC 3261 default 500ms)')
      .default(500),
    ivr: z.array(step).default([]).describe('the IVR script, run once the call is answered'),
    human: z
      .strictObject({
        wait: z
          .boolean()
          .default(true)
          .describe('after the IVR, stay on the line until a person speaks or the probe times out'),
        minSpeech: duration('the shortest speech that can be a person').default(1_000),
        confirm: duration('how long after the speech to listen for hold music coming back').default(2_500),
        reviewBelow: z
          .number()
          .min(0)
          .max(1)
          .default(0.7)
          .describe('a person found with less confidence is marked for review'),
      })
      .default({ wait: true, minSpeech: 1_000, confirm: 2_500, reviewBelow: 0.7 })
      .describe('waiting for a person, and how one is told from a recording'),
    loopAfter: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe('repeats of an IVR prompt after pressing keys that make an IVR loop ("no way forward")'),
    sendSilence: z
      .boolean()
      .default(true)
      .describe('send 20 ms silence packets, as phones do, so the far end keeps the call up'),
    keepAudio: z
      .boolean()
      .default(true)
      .describe('keep the received audio as WAV evidence (needs an evidence directory)'),
    userAgent: z.string().default('Kept-probe/0.1').describe('the User-Agent header'),
    twilio: twilioOptionsSchema
      .optional()
      .describe('place the call through Twilio instead (probe.target is then tel:+E.164)'),
  })
  .describe('sip probe options');

export type SipOptions = z.output<typeof schema>;

/** Validates `probe.options` of a sip probe; the catalogue loader reports its issues with file and line. */
export const sipOptionsSchema: z.ZodType<SipOptions> = schema as unknown as z.ZodType<SipOptions>;
