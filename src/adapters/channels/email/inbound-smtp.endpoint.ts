import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { listen } from '../../net/listen.ts';
import type { Clock, Logger } from '../../../app/ports.ts';
import { parseMail } from '../../mail/mail-parse.ts';
import type { EmailStore } from './email.store.ts';
import { MAX_MAIL_BYTES, type Arrival, type ReplySource } from './reply-source.ts';

/** SIZE the endpoint advertises: larger mail is refused (552) before it is sent. */
const ADVERTISED_BYTES = 64 * 1_048_576;

export interface InboundEndpointOptions {
  readonly clock: Clock;
  readonly log: Logger;
  readonly store: EmailStore;
  /** Domains whose mail is accepted (the probe personas' domains, whose MX points here); every other recipient gets 550. */
  readonly domains: readonly string[];
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Bytes of one mail kept (the rest is read and dropped, the cut recorded). Default 10 MiB. */
  readonly maxBytes?: number;
  /** PEM key and certificate for STARTTLS; without them STARTTLS is not offered. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
}

export interface InboundEndpoint {
  readonly host: string;
  readonly port: number;
  /** A reply source for one run: live arrivals plus catch-up from the store. */
  source(): ReplySource;
  stop(): Promise<void>;
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * The inbound SMTP endpoint Kept runs for the probe personas' domain: the MTA that receives replies. Each mail is
 * stamped with the clock when its DATA ends, written to the email store (so nothing received is lost to a restart),
 * and only then answered 250 and handed to the runs listening. Recipients outside `domains` are refused (no relay).
 */
export async function startInboundEndpoint(options: InboundEndpointOptions): Promise<InboundEndpoint> {
  const { clock, log, store } = options;
  const keepBytes = options.maxBytes ?? MAX_MAIL_BYTES;
  const domains = new Set(options.domains.map((d) => d.toLowerCase()));
  const listeners = new Set<(arrival: Arrival) => void>();
  const server = new SMTPServer({
    name: 'kept-inbound',
    banner: 'Kept inbound mail',
    authOptional: true,
    disabledCommands: ['AUTH'],
    // SIZE advertised (larger mail is refused with 552 before it is sent); of what is accepted, only the first
    // `maxBytes` are kept in memory and the rest is read and dropped, the cut recorded with the reply.
    size: ADVERTISED_BYTES,
    closeTimeout: 2_000,
    logger: false,
    ...(options.tls === undefined ? { hideSTARTTLS: true } : { key: options.tls.key, cert: options.tls.cert }),
    onRcptTo(address, _session, callback) {
      if (domains.has(domainOf(address.address))) return callback();
      const error = new Error(`5.7.1 <${address.address}>: relay access denied`) as Error & { responseCode: number };
      error.responseCode = 550;
      return callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let kept = 0;
      let seen = 0;
      stream.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (kept >= keepBytes) return;
        const part = chunk.subarray(0, keepBytes - kept);
        kept += part.length;
        chunks.push(part);
      });
      stream.on('end', () => {
        const arrivedMono = clock.monotonic();
        const arrivedAt = clock.now();
        const raw = Buffer.concat(chunks);
        const cut = seen > keepBytes ? { cut: { limit: keepBytes, seen } } : {};
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const error = new Error('5.3.4 message too big') as Error & { responseCode: number };
          error.responseCode = 552;
          return callback(error);
        }
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        const to = session.envelope.rcptTo.map((r) => r.address);
        let seq: number;
        try {
          seq = store.storeInbound(arrivedAt, from, to, raw);
        } catch (error) {
          log.error('email: could not store an inbound mail; refusing it for now', { error: (error as Error).message });
          const refusal = new Error('4.3.0 temporary storage failure') as Error & { responseCode: number };
          refusal.responseCode = 451;
          return callback(refusal);
        }
        callback();
        void parseMail(raw).then(
          (message) => {
            const arrival: Arrival = {
              raw,
              message,
              arrivedAt,
              arrivedMono,
              timing: 'live',
              key: `inbound:${seq}`,
              ...cut,
            };
            for (const listener of listeners) listener(arrival);
          },
          (error: unknown) =>
            log.warn('email: an inbound mail could not be parsed', { seq, error: (error as Error).message }),
        );
      });
    },
  } satisfies SMTPServerOptions);
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const address = server.server.address() as AddressInfo;
  server.on('error', (error: Error) => log.warn('email: inbound SMTP endpoint error', { error: error.message }));

  async function catchUp(since: number): Promise<Arrival[]> {
    const stored = store.inboundSince(since);
    return Promise.all(
      stored.map(async (mail) => ({
        raw: mail.raw,
        message: await parseMail(mail.raw),
        arrivedAt: mail.receivedAt,
        timing: 'stored' as const,
        key: `inbound:${mail.seq}`,
      })),
    );
  }

  return {
    host,
    port: address.port,
    source() {
      return {
        kind: 'inbound',
        listen(listener) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        catchUp,
        problem: () => undefined,
        close: async () => undefined,
      };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
