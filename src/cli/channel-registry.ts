import type { z } from 'zod';
import type { Channel, Logger } from '../app/ports.ts';
import type { ProbeKind } from '../domain/channel.ts';
import type { ProbeSpec } from '../domain/catalogue.ts';
import { fatalError } from '../domain/errors.ts';
import { browserChatOptionsSchema, createBrowserChatChannel } from '../adapters/channels/browser-chat/browser-chat.channel.ts';
import { chatApiOptionsSchema, createChatApiChannel } from '../adapters/channels/chat-api/chat-api.channel.ts';

export interface ChannelDeps {
  readonly log: Logger;
  /** Where channels keep evidence files (screenshots, audio). */
  readonly evidenceDir: string;
}

/** A channel, and how to release what it holds (a browser, sockets) at shutdown. */
interface ChannelEntry {
  readonly optionsSchema: z.ZodType;
  readonly create: (deps: ChannelDeps) => Channel & { close?: () => Promise<void> };
}

/**
 * The channel adapters in this build, by probe kind. The catalogue loader rejects probes of any other kind, so a probe
 * is never silently skipped. Add a channel: see docs/adding-a-channel.md.
 */
const CHANNELS: Partial<Record<ProbeKind, ChannelEntry>> = {
  'chat-api': { optionsSchema: chatApiOptionsSchema, create: createChatApiChannel },
  'browser-chat': { optionsSchema: browserChatOptionsSchema, create: (deps) => createBrowserChatChannel(deps) },
};

export function optionSchemas(): ReadonlyMap<ProbeKind, z.ZodType> {
  return new Map(Object.entries(CHANNELS).map(([kind, entry]) => [kind as ProbeKind, entry.optionsSchema]));
}

export interface Channels {
  /** One channel instance per kind, created on first use. */
  readonly channelFor: (probe: ProbeSpec) => Channel;
  /** Closes every channel that holds resources (the shared browser). */
  closeAll(): Promise<void>;
}

export function createChannels(deps: ChannelDeps): Channels {
  const made = new Map<ProbeKind, ReturnType<ChannelEntry['create']>>();
  return {
    channelFor(probe) {
      let channel = made.get(probe.kind);
      if (channel === undefined) {
        const entry = CHANNELS[probe.kind];
        if (entry === undefined) throw fatalError('channel.missing', `no channel adapter for kind "${probe.kind}" in this build`);
        channel = entry.create(deps);
        made.set(probe.kind, channel);
      }
      return channel;
    },
    async closeAll() {
      await Promise.all([...made.values()].map((channel) => channel.close?.()));
    },
  };
}
