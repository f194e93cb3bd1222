import { z } from 'zod';
import { collectorSecret } from '../collector-options.ts';

const INSTANCE_ARN = /^arn:aws[\w-]*:connect:([a-z0-9-]+):\d{12}:instance\/([0-9a-f-]{36})$/;

/** Reading an Amazon Connect instance's queue metrics (GetMetricDataV2, GetCurrentMetricData) with SigV4. */
export const amazonConnectOptionsSchema = z
  .strictObject({
    instanceArn: z
      .string()
      .regex(INSTANCE_ARN, 'an instance ARN: arn:aws:connect:<region>:<account>:instance/<instance id>')
      .describe('the Amazon Connect instance (its region is taken from the ARN)'),
    queueIds: z.array(z.string().min(1)).min(1).max(100).describe('the queues (ids or ARNs) the claims speak for'),
    channels: z
      .array(z.enum(['VOICE', 'CHAT', 'TASK', 'EMAIL']))
      .optional()
      .describe('only these channels (default: every channel, one reading each)'),
    accessKeyId: collectorSecret('the IAM access key id'),
    secretAccessKey: collectorSecret('the IAM secret access key'),
    sessionToken: collectorSecret('a session token for temporary credentials').optional(),
    endpoint: z.url().optional().describe("Connect's endpoint, when not the region's own (a local fake in tests)"),
  })
  .describe('amazon-connect collector options');

export type AmazonConnectOptions = z.output<typeof amazonConnectOptionsSchema>;

/** The region and instance id inside an instance ARN the schema accepted. */
export function instanceOf(arn: string): { region: string; instanceId: string } {
  const match = INSTANCE_ARN.exec(arn);
  if (match === null) throw new Error(`not an instance ARN: ${arn}`);
  return { region: match[1] as string, instanceId: match[2] as string };
}
