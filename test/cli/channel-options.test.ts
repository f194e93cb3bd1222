import { describe, expect, it } from 'vitest';
import { browserChatOptionsSchema } from '../../src/adapters/channels/browser-chat/browser-chat.channel.ts';
import { chatApiOptionsSchema } from '../../src/adapters/channels/chat-api/chat-api.channel.ts';
import { emailOptionsSchema } from '../../src/adapters/channels/email/email.channel.ts';
import { sipOptionsSchema } from '../../src/adapters/channels/sip/sip.channel.ts';
import { loadChannelOptionSchemas } from '../../src/cli/channel-option-loaders.ts';
import { channelOptionSchemas } from '../../src/cli/channel-options.ts';
import { PROBE_KINDS } from '../../src/domain/channel.ts';

describe('channel option schemas without the channels', () => {
  it('cover every probe kind, each the very schema its channel module prepares with', () => {
    const light = channelOptionSchemas();
    expect([...light.keys()].sort()).toEqual([...PROBE_KINDS].sort());
    expect(light.get('chat-api')).toBe(chatApiOptionsSchema);
    expect(light.get('browser-chat')).toBe(browserChatOptionsSchema);
    expect(light.get('sip')).toBe(sipOptionsSchema);
    expect(light.get('email')).toBe(emailOptionsSchema);
  });

  it('loaded on demand (kept validate), the same schema for each kind, and only the kinds asked for', async () => {
    const light = channelOptionSchemas();
    const lazy = await loadChannelOptionSchemas(PROBE_KINDS);
    for (const kind of PROBE_KINDS) expect(lazy.get(kind)).toBe(light.get(kind));
    expect([...(await loadChannelOptionSchemas(['sip', 'sip'])).keys()]).toEqual(['sip']);
  });
});
