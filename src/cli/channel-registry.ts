import type { z } from 'zod';
import type { Channel, Logger } from '../app/ports.ts';
import type { ProbeKind } from '../domain/channel.ts';
import type { ProbeSpec } from '../domain/catalogue.ts';
import { fatalError } from '../domain/errors.ts';
import { chatApiOptionsSchema, createChatApiChannel } from '../adapters/channels/chat-api/chat-api.channel.ts';

interface ChannelEntry {
  readonly optionsSchema: z.ZodType;
  readonly create: (deps: { log: Logger }) => Channel;
}

/**
 * The channel adapters in this build, by probe kind. The catalogue loader rejects probes of any other kind, so a probe
 * is never silently skipped. Add a channel: see docs/adding-a-channel.md.
 */
const CHANNELS: Partial<Record<ProbeKind, ChannelEntry>> = {
  'chat-api': { optionsSchema: chatApiOptionsSchema, create: createChatApiChannel },
};

export function optionSchemas(): ReadonlyMap<ProbeKind, z.ZodType> {
  return new Map(Object.entries(CHANNELS).map(([kind, entry]) => [kind as ProbeKind, entry.optionsSchema]));
}

/** One channel instance per kind, created on first use. */
export function channelFactory(log: Logger): (probe: ProbeSpec) => Channel {
  const made = new Map<ProbeKind, Channel>();
  return (probe) => {
    let channel = made.get(probe.kind);
    if (channel === undefined) {
      const entry = CHANNELS[probe.kind];
      if (entry === undefined) throw fatalError('channel.missing', `no channel adapter for kind "${probe.kind}" in this build`);
      channel = entry.create({ log });
      made.set(probe.kind, channel);
    }
    return channel;
  };
}
