import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { listen } from '../../net/listen.ts';
import type { Clock } from '../../../app/ports.ts';
import type { Secret } from '../../../domain/secret.ts';

/** One status callback: Twilio's form fields (CallSid, CallStatus, SequenceNumber …) and when it arrived. */
export interface StatusEvent {
  readonly params: Readonly<Record<string, string>>;
  /** Monotonic clock when it arrived. */
  readonly atMono: number;
}

/** Twilio's request signature: base64 HMAC-SHA1 of the URL followed by every POST field name and value, sorted. */
export function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string>>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, key) => text + key + (params[key] ?? ''), url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * Receives Twilio's status callbacks on `listen` (behind the public `statusCallback` URL), checks each request's
 * X-Twilio-Signature against the auth token (403 otherwise), and hands the events to whoever waits for that CallSid.
 */
export class TwilioCallbacks {
  readonly #server: Server;
  readonly #authToken: Secret;
  readonly #publicUrl: URL;
  readonly #listeners = new Map<string, (event: StatusEvent) => void>();
  readonly #early = new Map<string, StatusEvent[]>();
  rejected = 0;

  private constructor(server: Server, authToken: Secret, publicUrl: string, clock: Clock) {
    this.#server = server;
    this.#authToken = authToken;
    this.#publicUrl = new URL(publicUrl);
    server.on('request', (request, response) => {
      const at = clock.monotonic();
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(body));
        const url = new URL(request.url ?? '/', this.#publicUrl).toString();
        const given = Buffer.from(String(request.headers['x-twilio-signature'] ?? ''));
        const wanted = Buffer.from(twilioSignature(this.#authToken.reveal(), url, params));
        if (request.method !== 'POST' || given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
          this.rejected += 1;
          response.writeHead(403).end();
          return;
        }
        response.writeHead(204).end();
        this.#deliver(params.CallSid ?? '', { params, atMono: at });
      });
    });
  }

  static async listen(options: {
    host: string;
    port: number;
    authToken: Secret;
    publicUrl: string;
    clock: Clock;
  }): Promise<TwilioCallbacks> {
    const server = createServer();
    await listen(server, options.port, options.host);
    return new TwilioCallbacks(server, options.authToken, options.publicUrl, options.clock);
  }

  get port(): number {
    return (this.#server.address() as { port: number }).port;
  }

  #deliver(sid: string, event: StatusEvent): void {
    const listener = this.#listeners.get(sid);
    if (listener !== undefined) listener(event);
    else this.#early.set(sid, [...(this.#early.get(sid) ?? []), event]);
  }

  /** Follows a call's events (including any that came before the call was known); returns the unsubscribe. */
  follow(sid: string, listener: (event: StatusEvent) => void): () => void {
    this.#listeners.set(sid, listener);
    for (const event of this.#early.get(sid) ?? []) listener(event);
    this.#early.delete(sid);
    return () => this.#listeners.delete(sid);
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
