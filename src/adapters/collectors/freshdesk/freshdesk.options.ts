import { z } from 'zod';
import { collectorSecret } from '../collector-options.ts';

/** Reading Freshdesk tickets' first response times (API v2, Basic auth with the API key). */
export const freshdeskOptionsSchema = z
  .strictObject({
    domain: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'the helpdesk name, e.g. acme for acme.freshdesk.com')
      .describe('the Freshdesk helpdesk'),
    apiKey: collectorSecret("an agent's API key (the Basic auth user name; the password is X)"),
    channel: z.string().min(1).default('email').describe('the channel the readings are for'),
    baseUrl: z.url().optional().describe('the API base URL, when not https://<domain>.freshdesk.com (a fake in tests)'),
  })
  .describe('freshdesk collector options');

export type FreshdeskOptions = z.output<typeof freshdeskOptionsSchema>;
