import { z } from 'zod';
import { collectorSecret } from '../collector-options.ts';

/** Reading a Zendesk account: Talk's queue statistics and tickets' first reply times (API token auth). */
export const zendeskOptionsSchema = z
  .strictObject({
    subdomain: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'the account subdomain, e.g. acme for acme.zendesk.com')
      .describe('the Zendesk account'),
    email: z.email().describe('the agent the API token belongs to (Basic auth user `<email>/token`)'),
    apiToken: collectorSecret('the API token'),
    read: z
      .array(z.enum(['talk', 'tickets']))
      .min(1)
      .default(['talk', 'tickets'])
      .describe('talk: queue waits now; tickets: first reply time of tickets created in each interval'),
    replyTime: z
      .enum(['calendar', 'business'])
      .default('calendar')
      .describe("which reply_time_in_minutes to read: calendar time, or the account's business hours only"),
    ticketChannel: z.string().min(1).default('email').describe('the channel the ticket readings are for'),
    baseUrl: z
      .url()
      .optional()
      .describe('the API base URL, when not https://<subdomain>.zendesk.com (a fake in tests)'),
  })
  .describe('zendesk collector options');

export type ZendeskOptions = z.output<typeof zendeskOptionsSchema>;
