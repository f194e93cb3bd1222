import { join } from 'node:path';
import type { Clock, Logger } from '../../../app/ports.ts';
import { createEmailChannel, type EmailChannel } from './email.channel.ts';
import { EmailStore } from './email.store.ts';
import { startInboundEndpoint, type InboundEndpoint } from './inbound-smtp.endpoint.ts';

export interface EmailRuntimeOptions {
  readonly clock: Clock;
  readonly log: Logger;
  /** Kept's data directory: the pending runs live in `<dataDir>/email-pending.db`. */
  readonly dataDir: string;
  /** Where mails are kept as evidence files (`email/<runId>/*.eml`); none when undefined. */
  readonly evidenceDir?: string;
  /** Start the inbound SMTP endpoint for these persona domains (their MX points at host:port). */
  readonly inbound?: {
    readonly domains: readonly string[];
    readonly host?: string;
    readonly port?: number;
    readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  };
  /** Inbound mail older than this is pruned at start-up. Default 30 days. */
  readonly inboundRetentionMs?: number;
}

export interface EmailRuntime {
  readonly channel: EmailChannel;
  readonly store: EmailStore;
  readonly inbound?: InboundEndpoint;
  /** Stops the endpoint and IMAP watchers and closes the store (after the runs in flight have returned). */
  stop(): Promise<void>;
}

/**
 * Everything the email channel needs, for the composition root: the pending-run store, the inbound SMTP endpoint
 * (optional) and the channel. After starting it, call `channel.resumePending(...)` once; see
 * docs/architecture/email-channel.md "Wiring".
 */
export async function startEmailRuntime(options: EmailRuntimeOptions): Promise<EmailRuntime> {
  const store = EmailStore.open(join(options.dataDir, 'email-pending.db'));
  store.pruneInbound(options.clock.now() - (options.inboundRetentionMs ?? 30 * 86_400_000));
  let inbound: InboundEndpoint | undefined;
  try {
    if (options.inbound !== undefined) {
      inbound = await startInboundEndpoint({
        clock: options.clock,
        log: options.log,
        store,
        domains: options.inbound.domains,
        ...(options.inbound.host === undefined ? {} : { host: options.inbound.host }),
        ...(options.inbound.port === undefined ? {} : { port: options.inbound.port }),
        ...(options.inbound.tls === undefined ? {} : { tls: options.inbound.tls }),
      });
    }
  } catch (error) {
    store.close();
    throw error;
  }
  const channel = createEmailChannel({
    log: options.log,
    store,
    ...(options.evidenceDir === undefined ? {} : { evidenceDir: options.evidenceDir }),
    ...(inbound === undefined ? {} : { inbound }),
  });
  return {
    channel,
    store,
    ...(inbound === undefined ? {} : { inbound }),
    async stop() {
      await channel.close();
      await inbound?.stop();
      store.close();
    },
  };
}
