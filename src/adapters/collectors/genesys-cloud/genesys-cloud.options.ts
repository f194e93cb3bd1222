import { z } from 'zod';
import { collectorSecret } from '../collector-options.ts';

/** Reading Genesys Cloud queues' analytics with an OAuth client-credentials grant. */
export const genesysCloudOptionsSchema = z
  .strictObject({
    region: z
      .string()
      .regex(/^[a-z0-9.-]+\.[a-z]+$/, 'a Genesys Cloud region domain such as mypurecloud.com or mypurecloud.ie')
      .describe('the region domain: the API is api.<region>, login is login.<region>'),
    clientId: z.string().min(1).describe('the OAuth client (client credentials grant) id'),
    clientSecret: collectorSecret('the OAuth client secret'),
    queueIds: z.array(z.guid()).min(1).describe('the queues the claims speak for'),
    mediaTypes: z
      .array(z.enum(['voice', 'chat', 'callback', 'email', 'message']))
      .optional()
      .describe('only these media types (default: every one, a reading each)'),
    apiUrl: z.url().optional().describe('the API base URL, when not https://api.<region> (a local fake in tests)'),
    loginUrl: z.url().optional().describe('the login base URL, when not https://login.<region> (a fake in tests)'),
  })
  .describe('genesys-cloud collector options');

export type GenesysCloudOptions = z.output<typeof genesysCloudOptionsSchema>;
