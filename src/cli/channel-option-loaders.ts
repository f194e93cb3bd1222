import type { z } from 'zod';
import type { ProbeKind } from '../domain/channel.ts';

/**
 * Each channel's options schema by probe kind, imported on demand: `kept validate` loads only the kinds its catalogue
 * has (the browser-chat schema brings a CSS selector parser, SIP's the Twilio options). The same schemas as
 * channelOptionSchemas() in channel-options.ts (test/cli/channel-options.test.ts keeps them in step).
 */
const CHANNEL_OPTION_LOADERS: { readonly [K in ProbeKind]: () => Promise<z.ZodType> } = {
  'chat-api': async () => (await import('../adapters/channels/chat-api/chat-api.options.ts')).chatApiOptionsSchema,
  'browser-chat': async () =>
    (await import('../adapters/channels/browser-chat/browser-chat.options.ts')).browserChatOptionsSchema,
  sip: async () => (await import('../adapters/channels/sip/sip.options.ts')).sipOptionsSchema,
  email: async () => (await import('../adapters/channels/email/email.options.ts')).emailOptionsSchema,
};

/** The options schemas of the given kinds only, each kind's module imported once. */
export async function loadChannelOptionSchemas(kinds: Iterable<ProbeKind>): Promise<ReadonlyMap<ProbeKind, z.ZodType>> {
  const wanted = [...new Set(kinds)];
  const schemas = await Promise.all(wanted.map((kind) => CHANNEL_OPTION_LOADERS[kind]()));
  return new Map(wanted.map((kind, index) => [kind, schemas[index] as z.ZodType]));
}
