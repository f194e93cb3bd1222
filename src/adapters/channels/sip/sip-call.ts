import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../app/ports.ts';
import type { Secret } from '../../../domain/secret.ts';
import { digestAuthorization, isSupportedAlgorithm, parseDigestChallenge } from './digest-auth.ts';
import { ackForFailure, answerInDialog, cancelFor } from './sip-requests.ts';
import {
  cseqOf,
  firstLineOf,
  header,
  headersNamed,
  headerValues,
  paramOf,
  serializeSipMessage,
  uriOf,
  type SipHeaders,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '../../../protocols/sip/sip-message.ts';
import type { SipTransport } from './sip-transport.ts';

/** RFC 3261 timer T1 (500 ms) and the INVITE transaction time-out, Timer B (64·T1). */
const T1 = 500;
const T2 = 4_000;
const TIMER_B = 64 * T1;
const BYE_WAIT_MS = 4_000;

export interface TraceLine {
  readonly atMs: number;
  readonly direction: 'out' | 'in';
  readonly line: string;
}

export type InviteResult =
  | { readonly kind: 'answered'; readonly response: SipResponse }
  | {
      readonly kind: 'failed';
      readonly status: number;
      readonly reason: string;
      readonly response: SipResponse;
      readonly authenticated: boolean;
    }
  | { readonly kind: 'cancelled'; readonly status?: number }
  | { readonly kind: 'no-response' }
  | { readonly kind: 'transport-error'; readonly error: Error };

export interface CallSetup {
  readonly transport: SipTransport;
  readonly requestUri: string;
  /** Our address of record, e.g. sip:kept@example.org. */
  readonly fromUri: string;
  readonly displayName?: string;
  readonly auth?: { readonly username: string; readonly password: Secret };
  readonly clock: Clock;
  /** Call time: monotonic ms since the probe started. */
  readonly at: () => number;
  readonly userAgent: string;
  /** Our SDP, for the INVITE and for answering re-INVITEs. */
  readonly sdp: () => string;
  /** Told of every SDP the far end sends (183, 200, re-INVITE). */
  readonly onRemoteSdp: (sdp: string) => void;
  /** Told of every response to the INVITE (100, 18x, final), as it arrives. */
  readonly onProgress: (response: SipResponse, atMs: number) => void;
}

const token = (bytes = 8): string => randomBytes(bytes).toString('hex');
const branch = (): string => `z9hG4bK${token(10)}`;

/**
 * One outgoing call as a SIP user agent client: the INVITE transaction (retransmitted over UDP, answered with digest
 * credentials once per challenge, CANCELled on request), ACK, then the dialog: answering BYE, re-INVITE (with our
 * SDP again), OPTIONS, INFO and UPDATE, and hanging up with BYE.
 */
export class SipCall {
  readonly trace: TraceLine[] = [];
  readonly callId = `${token(12)}@kept`;
  readonly #setup: CallSetup;
  readonly #fromTag = token(6);
  #toTag: string | undefined;
  #cseq = 1;
  #invite: SipRequest | undefined;
  #provisional = false;
  #cancelWanted = false;
  #cancelSent = false;
  #remoteTarget: string;
  #routes: string[] = [];
  #ended: { by: 'remote' | 'local'; atMs: number } | undefined;
  #remoteBye: ((atMs: number) => void) | undefined;
  readonly remoteHangup: Promise<number>;
  readonly #pending = new Map<string, (response: SipResponse) => void>();
  readonly #answered = new Map<string, string>();
  #sdpVersion = 1;

  constructor(setup: CallSetup) {
    this.#setup = setup;
    this.#remoteTarget = setup.requestUri;
    this.remoteHangup = new Promise((resolve) => (this.#remoteBye = resolve));
    setup.transport.onMessage((message) => this.#receive(message));
  }

  /** Whether the far end has answered the INVITE provisionally (1xx): a CANCEL is then possible. */
  get provisional(): boolean {
    return this.#provisional;
  }

  get ended(): { by: 'remote' | 'local'; atMs: number } | undefined {
    return this.#ended;
  }

  #log(direction: 'out' | 'in', message: SipMessage): void {
    if (this.trace.length < 200)
      this.trace.push({ atMs: Math.round(this.#setup.at() * 10) / 10, direction, line: firstLineOf(message) });
  }

  #send(message: SipMessage): void {
    this.#log('out', message);
    this.#setup.transport.send(serializeSipMessage(message));
  }

  #via(branchId: string): string {
    const { local, protocol } = this.#setup.transport;
    const host = local.host.includes(':') ? `[${local.host}]` : local.host;
    return `SIP/2.0/${protocol.toUpperCase()} ${host}:${local.port};branch=${branchId};rport`;
  }

  #contact(): string {
    const { local, protocol } = this.#setup.transport;
    const host = local.host.includes(':') ? `[${local.host}]` : local.host;
    return `<sip:kept@${host}:${local.port}${protocol === 'tcp' ? ';transport=tcp' : ''}>`;
  }

  #from(): string {
    const name = this.#setup.displayName === undefined ? '' : `"${this.#setup.displayName.replace(/"/g, '')}" `;
    return `${name}<${this.#setup.fromUri}>;tag=${this.#fromTag}`;
  }

  #to(): string {
    return `<${this.#setup.requestUri}>${this.#toTag === undefined ? '' : `;tag=${this.#toTag}`}`;
  }

  #request(method: string, uri: string, seq: number, branchId: string, extra: SipHeaders = [], body = ''): SipRequest {
    const headers: SipHeaders = [
      ['Via', this.#via(branchId)],
      ['Max-Forwards', '70'],
      ...this.#routes.map((route): [string, string] => ['Route', route]),
      ['From', this.#from()],
      ['To', this.#to()],
      ['Call-ID', this.callId],
      ['CSeq', `${seq} ${method}`],
      ['User-Agent', this.#setup.userAgent],
      ...extra,
    ];
    return { kind: 'request', method, uri, headers, body };
  }

  /** Sends the INVITE and resolves with its final outcome. */
  async invite(signal: AbortSignal): Promise<InviteResult> {
    let authorization: [string, string] | undefined;
    let challenges = 0;
    for (;;) {
      const result = await this.#inviteOnce(authorization, signal);
      if (
        result.kind !== 'failed' ||
        (result.status !== 401 && result.status !== 407) ||
        this.#setup.auth === undefined
      )
        return result;
      const name = result.status === 401 ? 'www-authenticate' : 'proxy-authenticate';
      const challenge = headersNamed(result.response, name)
        .map(parseDigestChallenge)
        .find((c) => c !== undefined && isSupportedAlgorithm(c.algorithm));
      challenges += 1;
      if (challenge === undefined || (challenges > 1 && !challenge.stale) || challenges > 3) return result;
      const value = digestAuthorization(challenge, {
        method: 'INVITE',
        uri: this.#setup.requestUri,
        username: this.#setup.auth.username,
        password: this.#setup.auth.password.reveal(),
      });
      authorization = [result.status === 401 ? 'Authorization' : 'Proxy-Authorization', value];
      this.#cseq += 1;
      this.#toTag = undefined;
    }
  }

  #inviteOnce(authorization: [string, string] | undefined, signal: AbortSignal): Promise<InviteResult> {
    const branchId = branch();
    const extra: SipHeaders = [
      ['Contact', this.#contact()],
      ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE'],
      ['Content-Type', 'application/sdp'],
    ];
    if (authorization !== undefined) extra.push(authorization);
    const invite = this.#request('INVITE', this.#setup.requestUri, this.#cseq, branchId, extra, this.#setup.sdp());
    this.#invite = invite;
    this.#provisional = false;
    const { clock, transport } = this.#setup;
    return new Promise<InviteResult>((resolve) => {
      const stop = new AbortController();
      let settled = false;
      const finish = (result: InviteResult): void => {
        if (settled) return;
        settled = true;
        stop.abort();
        this.#pending.delete(branchId);
        resolve(result);
      };
      this.#pending.set(branchId, (response) => {
        this.#setup.onProgress(response, this.#setup.at());
        if (response.body !== '' && (header(response, 'content-type') ?? '').includes('sdp'))
          this.#setup.onRemoteSdp(response.body);
        if (response.status < 200) {
          this.#provisional = true;
          if (this.#cancelWanted) this.#sendCancel();
          return;
        }
        if (response.status < 300) {
          this.#establish(response);
          this.#ack(response);
          finish({ kind: 'answered', response });
          return;
        }
        this.#send(ackForFailure(invite, response, this.#setup.requestUri, this.#cseq));
        if (this.#cancelSent && response.status === 487) finish({ kind: 'cancelled', status: 487 });
        else
          finish({
            kind: 'failed',
            status: response.status,
            reason: response.reason,
            response,
            authenticated: authorization !== undefined,
          });
      });
      transport.onError((error) => finish({ kind: 'transport-error', error }));
      const onAbort = (): void =>
        finish(this.#cancelSent ? { kind: 'cancelled' } : { kind: 'transport-error', error: new Error('aborted') });
      signal.addEventListener('abort', onAbort, { once: true });
      stop.signal.addEventListener('abort', () => signal.removeEventListener('abort', onAbort), { once: true });
      this.#send(invite);
      void (async () => {
        let interval = T1;
        let waited = 0;
        while (!stop.signal.aborted) {
          const step =
            transport.reliable || this.#provisional ? TIMER_B - waited : Math.min(interval, TIMER_B - waited);
          if (step <= 0) break;
          try {
            await clock.sleep(step, stop.signal);
          } catch {
            return;
          }
          waited += step;
          if (this.#provisional) return;
          if (waited >= TIMER_B) break;
          if (!transport.reliable) this.#send(invite);
          interval *= 2;
        }
        if (!this.#provisional) finish(this.#cancelSent ? { kind: 'cancelled' } : { kind: 'no-response' });
      })();
    });
  }

  /** Gives up on the INVITE: CANCEL now if the far end has answered provisionally, else as soon as it does. */
  cancel(): void {
    this.#cancelWanted = true;
    if (this.#provisional) this.#sendCancel();
  }

  #sendCancel(): void {
    const invite = this.#invite;
    if (invite === undefined || this.#cancelSent) return;
    this.#cancelSent = true;
    this.#send(cancelFor(invite, this.#setup.requestUri, this.#cseq, this.#setup.userAgent));
  }

  #establish(response: SipResponse): void {
    this.#toTag = paramOf(header(response, 'to'), 'tag');
    const contact = header(response, 'contact');
    if (contact !== undefined) this.#remoteTarget = uriOf(contact);
    this.#routes = headerValues(response, 'record-route').reverse();
  }

  #ack(response: SipResponse): void {
    const seq = cseqOf(response)?.seq ?? this.#cseq;
    this.#send(this.#request('ACK', this.#remoteTarget, seq, branch()));
  }

  #receive(message: SipMessage): void {
    if (header(message, 'call-id') !== this.callId) return;
    this.#log('in', message);
    if (message.kind === 'response') {
      const via = header(message, 'via');
      const branchId = paramOf(via, 'branch') ?? '';
      const cseq = cseqOf(message);
      if (cseq?.method === 'INVITE' && message.status >= 200 && message.status < 300 && !this.#pending.has(branchId)) {
        this.#ack(message);
        return;
      }
      if (cseq?.method === 'CANCEL') return;
      this.#pending.get(branchId)?.(message);
      return;
    }
    this.#answerRequest(message);
  }

  #answerRequest(request: SipRequest): void {
    const key = `${paramOf(header(request, 'via'), 'branch') ?? ''} ${header(request, 'cseq') ?? ''}`;
    const repeated = this.#answered.get(key);
    if (repeated !== undefined) {
      this.#setup.transport.send(repeated);
      return;
    }
    if (request.method === 'ACK') return;
    if (request.method === 'INVITE') this.#sdpVersion += 1;
    const answer = answerInDialog(request, {
      contact: this.#contact(),
      sdp: this.#setup.sdp,
      onRemoteSdp: this.#setup.onRemoteSdp,
    });
    if (answer.bye && this.#ended === undefined) {
      this.#ended = { by: 'remote', atMs: this.#setup.at() };
      this.#remoteBye?.(this.#ended.atMs);
    }
    this.#log('out', answer.response);
    const text = serializeSipMessage(answer.response);
    this.#answered.set(key, text);
    this.#setup.transport.send(text);
  }

  /** The SDP version to put in our next offer or answer (bumped on each re-INVITE). */
  get sdpVersion(): number {
    return this.#sdpVersion;
  }

  /** Hangs up an established call with BYE; resolves when answered or after a few seconds. */
  async hangUp(): Promise<void> {
    if (this.#ended !== undefined || this.#toTag === undefined) return;
    this.#ended = { by: 'local', atMs: this.#setup.at() };
    this.#cseq += 1;
    const branchId = branch();
    const bye = this.#request('BYE', this.#remoteTarget, this.#cseq, branchId, [['Contact', this.#contact()]]);
    const { clock, transport } = this.#setup;
    const stop = new AbortController();
    const answered = new Promise<void>((resolve) =>
      this.#pending.set(branchId, (response) => response.status >= 200 && resolve()),
    );
    this.#send(bye);
    const retransmit = (async () => {
      let interval = T1;
      let waited = 0;
      while (waited < BYE_WAIT_MS) {
        const step = Math.min(interval, BYE_WAIT_MS - waited);
        try {
          await clock.sleep(step, stop.signal);
        } catch {
          return;
        }
        waited += step;
        if (!transport.reliable && waited < BYE_WAIT_MS) this.#send(bye);
        interval = Math.min(interval * 2, T2);
      }
    })();
    await Promise.race([answered, retransmit]);
    stop.abort();
    this.#pending.delete(branchId);
  }
}
