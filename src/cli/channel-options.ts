import type { z } from 'zod';
import { browserChatOptionsSchema } from '../adapters/channels/browser-chat/browser-chat.options.ts';
import { chatApiOptionsSchema } from '../adapters/channels/chat-api/chat-api.options.ts';
import { emailOptionsSchema } from '../adapters/channels/email/email.options.ts';
import { sipOptionsSchema } from '../adapters/channels/sip/sip.options.ts';
import type { ProbeKind } from '../domain/channel.ts';

/**
 * Each channel's options schema, by probe kind, from the channels' `*.options.ts` files alone: `kept validate` checks
 * probe options without loading the channels themselves (a browser driver, SIP and mail stacks: seconds at start-up).
 * Keep it in step with CHANNELS in channel-registry.ts, which creates the channels.
 */
export function channelOptionSchemas(): ReadonlyMap<ProbeKind, z.ZodType> {
  return new Map<ProbeKind, z.ZodType>([
    ['chat-api', chatApiOptionsSchema],
    ['browser-chat', browserChatOptionsSchema],
    ['sip', sipOptionsSchema],
    ['email', emailOptionsSchema],
  ]);
}
