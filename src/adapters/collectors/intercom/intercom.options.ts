import { z } from 'zod';
import { collectorSecret } from '../collector-options.ts';

/** Reading Intercom conversations' first admin reply times (REST API, bearer access token). */
export const intercomOptionsSchema = z
  .strictObject({
    accessToken: collectorSecret("the workspace's access token"),
    region: z.enum(['us', 'eu', 'au']).default('us').describe('where the workspace is hosted'),
    teamIds: z.array(z.string().min(1)).optional().describe('only conversations assigned to these teams'),
    channel: z.string().min(1).default('chat').describe('the channel the readings are for'),
    apiVersion: z.string().default('2.11').describe('the Intercom-Version header'),
    baseUrl: z.url().optional().describe("the API base URL, when not the region's (a local fake in tests)"),
  })
  .describe('intercom collector options');

export type IntercomOptions = z.output<typeof intercomOptionsSchema>;
