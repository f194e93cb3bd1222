import { z } from 'zod';
import { durationOption, secretOption } from '../option-fields.ts';

const secret = secretOption('a secret; write ${ENV_VAR} rather than the value');

/**
 * Placing the call on the phone network through Twilio (probe.target is then a tel: number): Kept asks Twilio's REST
 * API to call, and times the call by Twilio's status callbacks.
 */
export const twilioOptionsSchema = z
  .strictObject({
    accountSid: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'a Twilio Account SID: AC and 32 hex digits')
      .describe('the Twilio account'),
    authToken: secret.describe('its auth token (also checks the signature of status callbacks)'),
    from: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +441632960001')
      .describe('the Twilio number to call from'),
    statusCallback: z.url().describe('the public URL Twilio posts call progress to (it must reach `listen`)'),
    listen: z
      .strictObject({
        host: z.string().default('127.0.0.1').describe('the local address to listen on'),
        port: z.number().int().min(0).max(65_535).describe('the local port to listen on'),
      })
      .describe('where Kept receives the status callbacks'),
    apiBaseUrl: z.url().default('https://api.twilio.com').describe("Twilio's REST API (a test double in tests)"),
    machineDetection: z
      .boolean()
      .default(false)
      .describe('ask Twilio whether a person or a machine picked up (AnsweredBy)'),
    hold: durationOption('a duration such as "5s", or milliseconds', z.number().positive())
      .default(5_000)
      .describe('how long to stay on the line once answered before hanging up'),
  })
  .describe('twilio carrier options');

export type TwilioOptions = z.output<typeof twilioOptionsSchema>;
