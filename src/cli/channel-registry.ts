import type { z } from 'zod';
import type { Channel, Clock, Logger, ResumeInput, ResumeReport } from '../app/ports.ts';
import type { ProbeKind } from '../domain/channel.ts';
import type { ProbeSpec } from '../domain/catalogue.ts';
import { fatalError, KeptError, transientError, validationError } from '../domain/errors.ts';
import { emailOptionsSchema } from '../adapters/channels/email/email.options.ts';
import type { EmailRuntime } from '../adapters/channels/email/email.runtime.ts';
import { channelOptionSchemas } from './channel-options.ts';

/** Kept's inbound SMTP endpoint: it receives the replies to email probes whose persona domain's MX points at Kept. */
export interface EmailInboundSettings {
  /** The persona domains whose mail it accepts (every other recipient gets 550: not an open relay). */
  readonly domains: readonly string[];
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (a free port; RunningMonitor.emailInbound says which). An MX delivers to port 25. */
  readonly port?: number;
}

export interface ChannelDeps {
  readonly log: Logger;
  /** Where channels keep evidence files (screenshots, audio, mails). */
  readonly evidenceDir: string;
  readonly clock: Clock;
  /** Kept's data directory: the email channel keeps its pending runs in `<dataDir>/email-pending.db`. */
  readonly dataDir: string;
  readonly email?: { readonly inbound?: EmailInboundSettings };
}

type ChannelInstance = Channel & { close?: () => Promise<void> };

type CreateChannel = (deps: ChannelDeps) => ChannelInstance;

interface ChannelEntry {
  /**
   * Imports the channel's module (only for kinds the catalogue has: a browser driver, SIP or mail stacks cost seconds
   * to load) and gives its factory, which creates the channel on first use; absent for a channel started with the
   * catalogue (email, see openChannels).
   */
  readonly load?: () => Promise<CreateChannel>;
  /**
   * Runs wait hours or days for the service (email): a probe may have several runs in flight, and stopping Kept
   * interrupts them; the channel suspends them and resumes them at the next start.
   */
  readonly waitsLong?: boolean;
}

/**
 * The channel adapters in this build, by probe kind. The catalogue loader rejects probes of any other kind, so a probe
 * is never silently skipped. Add a channel: see docs/adding-a-channel.md.
 */
const CHANNELS: Partial<Record<ProbeKind, ChannelEntry>> = {
  'chat-api': {
    load: async () => (await import('../adapters/channels/chat-api/chat-api.channel.ts')).createChatApiChannel,
  },
  'browser-chat': {
    load: async () => {
      const { createBrowserChatChannel } = await import('../adapters/channels/browser-chat/browser-chat.channel.ts');
      return (deps) => createBrowserChatChannel(deps);
    },
  },
  sip: {
    load: async () => {
      const { createSipChannel } = await import('../adapters/channels/sip/sip.channel.ts');
      return (deps) => createSipChannel(deps);
    },
  },
  email: { waitsLong: true },
};

/** Each channel's options schema (src/cli/channel-options.ts: the channels' *.options.ts, not the channels). */
export function optionSchemas(): ReadonlyMap<ProbeKind, z.ZodType> {
  return channelOptionSchemas();
}

export interface Channels {
  /** One channel instance per kind, created on first use. */
  readonly channelFor: (probe: ProbeSpec) => Channel;
  /** Whether a probe's runs wait hours or days: several may be in flight, and stopping Kept suspends them. */
  waitsLong(probe: ProbeSpec): boolean;
  /** The email channel's runtime (pending-run store, inbound endpoint) when the catalogue has email probes. */
  readonly email: EmailRuntime | undefined;
  /**
   * Lifecycle "resume after restart" for every channel that has it (email today): runs a previous process left pending
   * are recorded or resumed; call once at start, before the scheduler starts.
   */
  resumeAll(input: ResumeInput): Promise<ResumeReport>;
  /** Closes every channel that holds resources (the shared browser, the email store and endpoint). */
  closeAll(): Promise<void>;
}

/** Problems that would make every run of an email probe inconclusive: refuse to start instead. */
function emailProblems(probes: readonly ProbeSpec[], inbound: EmailInboundSettings | undefined): string[] {
  const problems: string[] = [];
  const domains = new Set((inbound?.domains ?? []).map((d) => d.toLowerCase()));
  for (const probe of probes) {
    const parsed = emailOptionsSchema.safeParse(probe.options);
    if (!parsed.success || parsed.data.receive.via !== 'inbound') continue;
    const address = parsed.data.persona.address;
    const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
    if (inbound === undefined) {
      problems.push(
        `probe "${probe.id}" reads replies at Kept's inbound SMTP endpoint, but none is configured (kept run --email-inbound-domain ${domain})`,
      );
    } else if (!domains.has(domain)) {
      problems.push(
        `probe "${probe.id}": replies go to ${address}, but the inbound SMTP endpoint accepts mail only for ${[...domains].join(', ')} (add --email-inbound-domain ${domain})`,
      );
    }
  }
  return problems;
}

async function startEmail(deps: ChannelDeps, probes: readonly ProbeSpec[]): Promise<EmailRuntime> {
  const inbound = deps.email?.inbound;
  const problems = emailProblems(probes, inbound);
  if (problems.length > 0)
    throw validationError('email.inbound', `email probes cannot run as configured:\n${problems.join('\n')}`);
  try {
    const { startEmailRuntime } = await import('../adapters/channels/email/email.runtime.ts');
    return await startEmailRuntime({
      clock: deps.clock,
      log: deps.log,
      dataDir: deps.dataDir,
      evidenceDir: deps.evidenceDir,
      ...(inbound === undefined ? {} : { inbound }),
    });
  } catch (error) {
    if (error instanceof KeptError) throw error;
    const where =
      inbound === undefined ? '' : ` (inbound SMTP endpoint ${inbound.host ?? '127.0.0.1'}:${inbound.port ?? 0})`;
    throw transientError(
      'email.start',
      `the email channel could not start${where}: ${(error as Error).message}`,
      error,
    );
  }
}

/** The email channel behind the Channel port: suspended runs are not stored, and a stored run is forgotten. */
async function emailPort(runtime: EmailRuntime): Promise<Channel> {
  const { isSuspendedObservation } = await import('../adapters/channels/email/email.channel.ts');
  const { channel } = runtime;
  return {
    kind: 'email',
    prepare: (probe) => channel.prepare?.(probe),
    run: (probe, context) => channel.run(probe, context),
    isSuspended: isSuspendedObservation,
    afterStored: (observation) => channel.acknowledge(observation.id),
    resume: (input) => channel.resumePending(input),
    stop: () => channel.close(),
  };
}

/**
 * The channels for a catalogue's probes. Most are created on first use; the email channel starts here, and only when
 * some probe is an email probe (it opens `<dataDir>/email-pending.db` and, when asked, the inbound SMTP endpoint).
 */
export async function openChannels(deps: ChannelDeps, probes: readonly ProbeSpec[]): Promise<Channels> {
  const email = probes.some((p) => p.kind === 'email') ? await startEmail(deps, probes) : undefined;
  const emailChannel = email === undefined ? undefined : await emailPort(email);
  const made = new Map<ProbeKind, ChannelInstance>();
  const factories = new Map<ProbeKind, CreateChannel>();
  for (const kind of new Set(probes.map((p) => p.kind))) {
    const load = CHANNELS[kind]?.load;
    if (load !== undefined) factories.set(kind, await load());
  }
  const channels: Channels = {
    channelFor(probe) {
      if (probe.kind === 'email' && emailChannel !== undefined) return emailChannel;
      let channel = made.get(probe.kind);
      if (channel === undefined) {
        const entry = CHANNELS[probe.kind];
        if (entry === undefined)
          throw fatalError('channel.missing', `no channel adapter for kind "${probe.kind}" in this build`);
        const create = factories.get(probe.kind);
        if (create === undefined)
          throw fatalError(
            'channel.not-started',
            `the ${probe.kind} channel starts with the catalogue, which had no ${probe.kind} probe`,
          );
        channel = create(deps);
        made.set(probe.kind, channel);
      }
      return channel;
    },
    waitsLong: (probe) => CHANNELS[probe.kind]?.waitsLong === true,
    email,
    async resumeAll(input) {
      const resumable = [...made.values(), ...(emailChannel === undefined ? [] : [emailChannel])].filter(
        (c) => c.resume !== undefined,
      );
      const reports = await Promise.all(
        resumable.map((channel) => (channel.resume as NonNullable<Channel['resume']>)(input)),
      );
      return {
        recorded: reports.reduce((n, r) => n + r.recorded, 0),
        resumed: reports.reduce((n, r) => n + r.resumed, 0),
        done: Promise.all(reports.map((r) => r.done)).then(() => undefined),
      };
    },
    async closeAll() {
      await Promise.all([...made.values()].map((channel) => channel.close?.()));
      await email?.stop();
    },
  };
  prepareAll(channels, probes, deps.log);
  return channels;
}

/**
 * Prepares every probe once, at load (options typed; what a schema cannot check, checked). The catalogue loader has
 * already reported schema problems with file:line, so this finds only what a schema cannot see (an email target that
 * is no address); each is logged now and makes that probe's runs inconclusive with the same reason.
 */
function prepareAll(channels: Channels, probes: readonly ProbeSpec[], log: Logger): void {
  for (const probe of probes) {
    try {
      channels.channelFor(probe).prepare?.(probe);
    } catch (error) {
      if (!(error instanceof KeptError) || error.kind !== 'validation') throw error;
      log.error('a probe cannot run as configured; its runs will be inconclusive', {
        probe: probe.id,
        reason: error.message,
      });
    }
  }
}
