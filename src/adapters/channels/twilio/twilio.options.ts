import { z } from 'zod';
import { parseDuration } from '../../../domain/duration.ts';
import { Secret } from '../../../domain/secret.ts';

const secret = z
  .union([z.string().min(1), z.instanceof(Secret)])
  .transform((value) => (value instanceof Secret ? value : new Secret(value)))
  .describe('a secret; write ${ENV_VAR} rather than the value');

const seconds = z
  .union([z.number().positive(), z.string()])
  .transform((value, ctx) => {
    if (typeof value === 'number') return value;
    try {
      return parseDuration(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/**
 * Placing the call on the phone network through Twilio (probe.target is then a tel: number): Kept asks Twilio's REST
 * API to call, and times the call by Twilio's status callbacks.
 */
export const twilioOptionsSchema = z
  .strictObject({
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'a Twilio Account SID: AC and 32 hex digits').describe('the Twilio account'),
    authToken: secret.describe('its auth token (also checks the signature of status callbacks)'),
    from: z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +441632960001').describe('the Twilio number to call from'),
    statusCallback: z.url().describe('the public URL Twilio posts call progress to (it must reach `listen`)'),
    listen: z
      .strictObject({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65_535) })
      .describe('where Kept receives the status callbacks'),
    apiBaseUrl: z.url().default('https://api.twilio.com').describe("Twilio's REST API (a test double in tests)"),
    machineDetection: z.boolean().default(false).describe("ask Twilio whether a person or a machine picked up (AnsweredBy)"),
    hold: seconds.default(5_000).describe('how long to stay on the line once answered before hanging up'),
  })
  .describe('twilio carrier options');

export type TwilioOptions = z.output<typeof twilioOptionsSchema>;
