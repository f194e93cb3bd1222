import { ImapFlow, type FetchMessageObject, type ImapFlowOptions } from 'imapflow';
import type { Clock, Logger } from '../../../app/ports.ts';
import { transientError } from '../../../domain/errors.ts';
import type { ImapOptions } from './email.options.ts';
import { parseMail } from '../../mail/mail-parse.ts';
import { MAX_MAIL_BYTES, type Arrival } from './reply-source.ts';

/** What is fetched of a mail: at most MAX_MAIL_BYTES of it (BODY.PEEK[]<0.N>), and its real size to tell a cut. */
const FETCH = { uid: true, source: { start: 0, maxLength: MAX_MAIL_BYTES }, internalDate: true, size: true } as const;

const RECONNECT_MS = [1_000, 2_000, 5_000, 15_000, 60_000] as const;
const DAY_MS = 86_400_000;

export function imapClientOptions(options: ImapOptions): ImapFlowOptions {
  return {
    host: options.host,
    port: options.port,
    secure: options.security === 'tls',
    doSTARTTLS: options.security === 'starttls',
    auth: { user: options.user, pass: options.password.reveal() },
    tls: { rejectUnauthorized: options.rejectUnauthorized },
    logger: false,
    disableAutoIdle: true,
    maxIdleTime: 300_000,
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
  };
}

/**
 * Watches one IMAP mailbox for new mail and hands each message to its listeners, stamped with the clock the moment
 * the server announced it (the untagged EXISTS, read first thing in the event handler). `watch: poll` sends NOOP every
 * `pollMs`; `watch: idle` holds IMAP IDLE. A dropped connection is re-opened with back-off; mail that arrived meanwhile
 * is fetched by UID and timed by its INTERNALDATE. One watcher serves every run reading the same mailbox.
 */
export class ImapWatcher {
  readonly #options: ImapOptions;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #listeners = new Set<(arrival: Arrival) => void>();
  readonly #stop = new AbortController();
  #client: ImapFlow | undefined;
  #uidValidity = '';
  #lastUid = 0;
  #fetching: Promise<void> = Promise.resolve();
  #problem: string | undefined;
  #loop: Promise<void> = Promise.resolve();

  constructor(options: ImapOptions, clock: Clock, log: Logger) {
    this.#options = options;
    this.#clock = clock;
    this.#log = log;
  }

  get problem(): string | undefined {
    return this.#problem;
  }

  listen(listener: (arrival: Arrival) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Connects and selects the mailbox; rejects (transient KeptError) when that fails, so a run can stop before sending. */
  async start(): Promise<void> {
    await this.#connect(false);
    this.#loop = this.#watch();
  }

  async #connect(catchUp: boolean): Promise<void> {
    const client = new ImapFlow(imapClientOptions(this.#options));
    client.on('error', (error: Error) => {
      this.#problem = `IMAP error: ${error.message}`;
    });
    try {
      await client.connect();
      const box = await client.mailboxOpen(this.#options.mailbox);
      const validity = String(box.uidValidity);
      if (!catchUp || validity !== this.#uidValidity) this.#lastUid = Number(box.uidNext) - 1;
      this.#uidValidity = validity;
    } catch (error) {
      client.close();
      const where = `${this.#options.user}@${this.#options.host}:${this.#options.port}/${this.#options.mailbox}`;
      throw transientError('email.imap', `cannot open the IMAP mailbox ${where}: ${(error as Error).message}`, error);
    }
    client.on('exists', () => {
      const stamp = { mono: this.#clock.monotonic(), now: this.#clock.now() };
      this.#queueFetch(client, stamp);
    });
    client.on('close', () => {
      if (!this.#stop.signal.aborted) this.#problem ??= 'IMAP connection closed';
    });
    this.#client = client;
    this.#problem = undefined;
    if (catchUp) this.#queueFetch(client, undefined);
  }

  #queueFetch(client: ImapFlow, stamp: { mono: number; now: number } | undefined): void {
    this.#fetching = this.#fetching
      .then(() => this.#fetchNew(client, stamp))
      .catch((error: unknown) => {
        this.#problem = `IMAP fetch failed: ${(error as Error).message}`;
      });
  }

  async #fetchNew(client: ImapFlow, stamp: { mono: number; now: number } | undefined): Promise<void> {
    const from = this.#lastUid + 1;
    const found: FetchMessageObject[] = [];
    for await (const message of client.fetch(`${from}:*`, FETCH, { uid: true })) {
      if (message.uid >= from) found.push(message);
    }
    for (const message of found.sort((a, b) => a.uid - b.uid)) {
      this.#lastUid = Math.max(this.#lastUid, message.uid);
      const arrival = await this.#arrival(message, stamp);
      if (arrival !== undefined) for (const listener of this.#listeners) listener(arrival);
    }
  }

  async #arrival(
    message: FetchMessageObject,
    stamp: { mono: number; now: number } | undefined,
  ): Promise<Arrival | undefined> {
    if (message.source === undefined) return undefined;
    const internal = message.internalDate instanceof Date ? message.internalDate.getTime() : undefined;
    const size = message.size ?? message.source.length;
    const cut = size > MAX_MAIL_BYTES ? { cut: { limit: MAX_MAIL_BYTES, seen: size } } : {};
    const base = {
      raw: message.source,
      message: await parseMail(message.source),
      key: `imap:${this.#uidValidity}:${message.uid}`,
      ...cut,
    };
    if (stamp !== undefined) return { ...base, arrivedAt: stamp.now, arrivedMono: stamp.mono, timing: 'live' };
    return { ...base, arrivedAt: Math.min(internal ?? this.#clock.now(), this.#clock.now()), timing: 'internaldate' };
  }

  async #watch(): Promise<void> {
    const signal = this.#stop.signal;
    let failures = 0;
    while (!signal.aborted) {
      const client = this.#client;
      try {
        if (client === undefined || !client.usable) throw new Error(this.#problem ?? 'IMAP connection lost');
        if (this.#options.watch === 'idle') await client.idle();
        else {
          await client.noop();
          await this.#clock.sleep(this.#options.pollMs, signal);
        }
        failures = 0;
      } catch (error) {
        if (signal.aborted) return;
        this.#problem = `IMAP disconnected: ${(error as Error).message}`;
        client?.close();
        await this.#clock
          .sleep(RECONNECT_MS[Math.min(failures, RECONNECT_MS.length - 1)] as number, signal)
          .catch(() => undefined);
        failures += 1;
        if (signal.aborted) return;
        await this.#connect(true).catch((reconnect: Error) => {
          this.#problem = reconnect.message;
          this.#log.warn('email: IMAP reconnect failed', { host: this.#options.host, error: reconnect.message });
        });
      }
    }
  }

  /** Messages that arrived since `since` (epoch ms), timed by INTERNALDATE. Throws when the mailbox cannot be read. */
  async catchUp(since: number): Promise<Arrival[]> {
    const client = this.#client;
    if (client === undefined || !client.usable) {
      throw transientError('email.imap', `cannot read the IMAP mailbox: ${this.#problem ?? 'not connected'}`);
    }
    await this.#fetching;
    const uids = await client.search({ since: new Date(since - DAY_MS) }, { uid: true });
    if (uids === false || uids === undefined || uids.length === 0) return [];
    const arrivals: Arrival[] = [];
    for await (const message of client.fetch(uids.join(','), FETCH, { uid: true })) {
      const arrival = await this.#arrival(message, undefined);
      if (arrival !== undefined && arrival.arrivedAt >= since - 1_000) arrivals.push(arrival);
    }
    return arrivals.sort((a, b) => a.arrivedAt - b.arrivedAt);
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    const client = this.#client;
    this.#client = undefined;
    if (client !== undefined) await client.logout().catch(() => client.close());
    await this.#loop.catch(() => undefined);
  }
}
