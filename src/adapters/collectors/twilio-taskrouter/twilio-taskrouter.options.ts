import { z } from 'zod';
import { baseUrlOption, collectorSecret } from '../collector-options.ts';

/** Reading a Twilio TaskRouter workspace's TaskQueue statistics (REST API v1, HTTP Basic auth). */
export const twilioTaskRouterOptionsSchema = z
  .strictObject({
    accountSid: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'a Twilio Account SID: AC and 32 hex digits')
      .describe('the Twilio account (the Basic auth user name)'),
    authToken: collectorSecret("the account's auth token (the Basic auth password)"),
    workspaceSid: z
      .string()
      .regex(/^WS[0-9a-fA-F]{32}$/, 'a Workspace SID: WS and 32 hex digits')
      .describe('the TaskRouter workspace of the queues'),
    taskQueueSids: z
      .array(z.string().regex(/^WQ[0-9a-fA-F]{32}$/, 'a TaskQueue SID: WQ and 32 hex digits'))
      .min(1)
      .describe('the queues whose customers the claims speak for'),
    taskChannel: z.string().min(1).optional().describe('only this TaskChannel (unique name such as voice, or TC SID)'),
    baseUrl: baseUrlOption('https://taskrouter.twilio.com', "TaskRouter's REST API"),
  })
  .describe('twilio-taskrouter collector options');

export type TwilioTaskRouterOptions = z.output<typeof twilioTaskRouterOptionsSchema>;
