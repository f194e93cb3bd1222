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
import { retransmit } from './retransmission.ts';

/**
 * RFC 3261 §17.1.1.1 timers: T1, the round-trip estimate every transaction timer scales from (500 ms), and T2, the
 * longest interval between retransmissions of a non-INVITE request (4 s). A transaction gives up after 64·T1: the INVITE
 * at Timer B (§17.1.1.2), a non-INVITE (CANCEL, BYE) at Timer F (§17.1.2.2), and an INVITE that was CANCELled without a
 * final response (§9.1).
 */
export interface SipTimers {
  readonly t1Ms: number;
  readonly t2Ms: number;
}

export const RFC3261_TIMERS: SipTimers = { t1Ms: 500, t2Ms: 4_000 };

/** How long hanging up waits for the BYE's answer at most (the call is over for us once BYE is sent, §15.1.1). */
const BYE_WAIT_MS = 4_000;

/** What became of a CANCEL and of the INVITE it cancelled (evidence: `details.cancel`). */
export interface CancelRecord {
  /** Call time the CANCEL was first sent. */
  readonly sentMs: number;
  /** How many times it was sent (over UDP it is retransmitted until answered, Timer E). */
  readonly sends: number;
  /** The CANCEL's final response, if one came (200 OK: the far end stops the INVITE). */
  readonly answer?: { readonly status: number; readonly reason: string; readonly atMs: number };
  /**
   * How the INVITE ended: its final response (487 Request Terminated, as RFC 3261 asks), `timer`: no final response
   * within 64·T1 of the CANCEL, so the call was given up (§9.1), or `stopped`: Kept stopped the attempt first.
   */
  readonly inviteEnded: 'final response' | 'timer' | 'stopped';
  /** Call time the INVITE ended. */
  readonly endedMs: number;
  /** 64·T1: how long after the CANCEL the INVITE may wait for its final response. */
  readonly giveUpAfterMs: number;
}

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
  | { readonly kind: 'cancelled'; readonly status?: number; readonly cancel?: CancelRecord }
  /** No response at all within Timer B (64·T1) of the INVITE. */
  | { readonly kind: 'no-response'; readonly timerBMs: number }
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
  /** T1 and T2 (default RFC3261_TIMERS); tests shorten them so Timer B and F fire in a second, not 32. */
  readonly timers?: SipTimers;
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
  #cancel: { sentMs: number; sends: number; answer?: CancelRecord['answer'] } | undefined;
  /** Ends the INVITE transaction in progress (set while one is). */
  #finishInvite: ((result: InviteResult) => void) | undefined;
  #inviteStop: AbortSignal | undefined;
  /** The ACK sent for each INVITE's non-2xx final response, by branch: a retransmitted response is ACKed again. */
  readonly #failureAcks = new Map<string, SipRequest>();
  readonly #timers: SipTimers;
  /** Our 2xx answers to re-INVITEs still resent until their ACK (by CSeq number), over UDP. */
  readonly #awaitingAck = new Map<number, AbortController>();
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
    const timers = setup.timers ?? RFC3261_TIMERS;
    this.#timers = { t1Ms: Math.max(1, timers.t1Ms), t2Ms: Math.max(1, timers.t2Ms) };
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

  /** Call time now, to a tenth of a millisecond (the trace and the CANCEL's evidence). */
  #atMs(): number {
    return Math.round(this.#setup.at() * 10) / 10;
  }

  #log(direction: 'out' | 'in', message: SipMessage): void {
    if (this.trace.length < 200) this.trace.push({ atMs: this.#atMs(), direction, line: firstLineOf(message) });
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

  /** Timer B and F, and the §9.1 wait after a CANCEL: 64·T1. */
  get #giveUpMs(): number {
    return 64 * this.#timers.t1Ms;
  }

  /**
   * One INVITE client transaction (RFC 3261 §17.1.1.2): over UDP the INVITE is retransmitted at T1, 2·T1, 4·T1 … until
   * a response; with no response at all within Timer B (64·T1) it ends as no-response. A provisional response stops
   * the retransmissions and Timer B: the far end is ringing, and how long to let it ring is the caller's (ringTimeout,
   * then CANCEL, after which the INVITE waits 64·T1 at most for its 487, §9.1).
   */
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
    const key = `${branchId} INVITE`;
    return new Promise<InviteResult>((resolve) => {
      const stop = new AbortController();
      let settled = false;
      const finish = (result: InviteResult): void => {
        if (settled) return;
        settled = true;
        stop.abort();
        this.#pending.delete(key);
        this.#finishInvite = undefined;
        resolve(result);
      };
      this.#finishInvite = finish;
      this.#inviteStop = stop.signal;
      this.#pending.set(key, (response) => {
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
        const ack = ackForFailure(invite, response, this.#setup.requestUri, this.#cseq);
        this.#failureAcks.set(branchId, ack);
        this.#send(ack);
        if (this.#cancelSent && response.status === 487)
          finish({ kind: 'cancelled', status: 487, ...this.#cancelEvidence('final response') });
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
        finish(
          this.#cancelSent
            ? { kind: 'cancelled', ...this.#cancelEvidence('stopped') }
            : { kind: 'transport-error', error: new Error('aborted') },
        );
      signal.addEventListener('abort', onAbort, { once: true });
      stop.signal.addEventListener('abort', () => signal.removeEventListener('abort', onAbort), { once: true });
      this.#send(invite);
      const timerB = this.#giveUpMs;
      void retransmit({
        clock,
        signal: stop.signal,
        firstMs: this.#timers.t1Ms,
        next: (interval) => interval * 2,
        giveUpMs: timerB,
        reliable: transport.reliable,
        resend: () => {
          if (this.#provisional) return false;
          this.#send(invite);
          return true;
        },
      }).then((ended) => {
        if (ended === 'gave-up' && !this.#provisional) finish({ kind: 'no-response', timerBMs: timerB });
      });
    });
  }

  #cancelEvidence(inviteEnded: CancelRecord['inviteEnded']): { cancel?: CancelRecord } {
    const sent = this.#cancel;
    if (sent === undefined) return {};
    const cancel: CancelRecord = {
      sentMs: sent.sentMs,
      sends: sent.sends,
      ...(sent.answer === undefined ? {} : { answer: sent.answer }),
      inviteEnded,
      endedMs: this.#atMs(),
      giveUpAfterMs: this.#giveUpMs,
    };
    return { cancel };
  }

  /** Gives up on the INVITE: CANCEL now if the far end has answered provisionally, else as soon as it does. */
  cancel(): void {
    this.#cancelWanted = true;
    if (this.#provisional) this.#sendCancel();
  }

  /**
   * Sends the CANCEL (its own non-INVITE transaction, §9.1) and bounds the INVITE: a far end that answers the CANCEL
   * but never ends the INVITE with 487 (an RFC 2543 UAS, or a broken one) must not hold the call until the probe's
   * time-out. After 64·T1 without a final response the INVITE is taken as cancelled.
   */
  #sendCancel(): void {
    const invite = this.#invite;
    const stopInvite = this.#inviteStop;
    if (invite === undefined || stopInvite === undefined || this.#cancelSent) return;
    this.#cancelSent = true;
    const request = cancelFor(invite, this.#setup.requestUri, this.#cseq, this.#setup.userAgent);
    const record: { sentMs: number; sends: number; answer?: CancelRecord['answer'] } = {
      sentMs: this.#atMs(),
      sends: 0,
    };
    this.#cancel = record;
    const branchId = paramOf(header(invite, 'via'), 'branch') ?? '';
    const onFinal = (response: SipResponse): void => {
      record.answer = {
        status: response.status,
        reason: response.reason,
        atMs: this.#atMs(),
      };
    };
    void this.#nonInvite(request, branchId, this.#giveUpMs, stopInvite, () => (record.sends += 1), onFinal);
    void this.#setup.clock.sleep(this.#giveUpMs, stopInvite).then(
      () => this.#finishInvite?.({ kind: 'cancelled', ...this.#cancelEvidence('timer') }),
      () => undefined,
    );
  }

  /**
   * A non-INVITE client transaction (RFC 3261 §17.1.2.2): over UDP the request is retransmitted at T1, doubling up to
   * T2 (at T2 once the far end answered provisionally), until a final response; it gives up after `giveUpMs` (Timer F,
   * 64·T1) or when `stop` aborts. Resolves with the final response, or undefined.
   */
  async #nonInvite(
    request: SipRequest,
    branchId: string,
    giveUpMs: number,
    stop: AbortSignal,
    onSend: () => void = () => undefined,
    onFinal: (response: SipResponse) => void = () => undefined,
  ): Promise<SipResponse | undefined> {
    const { clock, transport } = this.#setup;
    const { t1Ms, t2Ms } = this.#timers;
    const key = `${branchId} ${request.method}`;
    const done = new AbortController();
    const onStop = (): void => done.abort();
    stop.addEventListener('abort', onStop, { once: true });
    let final: SipResponse | undefined;
    let proceeding = false;
    this.#pending.set(key, (response) => {
      if (response.status < 200) {
        proceeding = true;
        return;
      }
      final = response;
      onFinal(response);
      done.abort();
    });
    const send = (): void => {
      onSend();
      this.#send(request);
    };
    send();
    const t2 = Math.max(t2Ms, t1Ms);
    try {
      await retransmit({
        clock,
        signal: done.signal,
        firstMs: t1Ms,
        next: (interval) => (proceeding ? t2 : Math.min(interval * 2, t2)),
        giveUpMs,
        reliable: transport.reliable,
        resend: send,
      });
    } finally {
      stop.removeEventListener('abort', onStop);
      this.#pending.delete(key);
    }
    return final;
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
      const key = `${branchId} ${cseq?.method ?? ''}`;
      if (cseq?.method === 'INVITE' && message.status >= 200 && !this.#pending.has(key)) {
        // A retransmitted final response: the 2xx gets its ACK again (§13.2.2.4); a non-2xx the same ACK (Timer D).
        if (message.status < 300) this.#ack(message);
        else {
          const ack = this.#failureAcks.get(branchId);
          if (ack !== undefined) this.#send(ack);
        }
        return;
      }
      this.#pending.get(key)?.(message);
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
    if (request.method === 'ACK') {
      const seq = cseqOf(request)?.seq ?? -1;
      this.#awaitingAck.get(seq)?.abort();
      this.#awaitingAck.delete(seq);
      return;
    }
    if (request.method === 'INVITE') this.#sdpVersion += 1;
    const answer = answerInDialog(request, {
      contact: this.#contact(),
      sdp: this.#setup.sdp,
      onRemoteSdp: this.#setup.onRemoteSdp,
    });
    if (answer.bye && this.#ended === undefined) {
      this.#ended = { by: 'remote', atMs: this.#setup.at() };
      this.#remoteBye?.(this.#ended.atMs);
      this.#stopResending();
    }
    this.#log('out', answer.response);
    const text = serializeSipMessage(answer.response);
    this.#answered.set(key, text);
    this.#setup.transport.send(text);
    const ok = answer.response.status >= 200 && answer.response.status < 300;
    if (request.method === 'INVITE' && ok && !this.#setup.transport.reliable)
      this.#resendUntilAck(answer.response, cseqOf(request)?.seq ?? -1);
  }

  /**
   * RFC 3261 §13.3.1.4: the UAS core resends its 2xx to an INVITE after T1, 2·T1 … (at most T2 apart) until the ACK
   * comes, for 64·T1 at most; a lost 200 to a re-INVITE would otherwise leave the far end without an answer.
   */
  #resendUntilAck(response: SipResponse, seq: number): void {
    const stop = new AbortController();
    this.#awaitingAck.get(seq)?.abort();
    this.#awaitingAck.set(seq, stop);
    const { t1Ms, t2Ms } = this.#timers;
    const giveUp = this.#giveUpMs;
    // The UAS core resends the 2xx itself, whatever the transport; the ACK or the call's end aborts `stop`.
    void retransmit({
      clock: this.#setup.clock,
      signal: stop.signal,
      firstMs: t1Ms,
      next: (interval) => Math.min(interval * 2, Math.max(t2Ms, t1Ms)),
      giveUpMs: giveUp,
      reliable: false,
      resend: () => this.#send(response),
    }).finally(() => {
      if (this.#awaitingAck.get(seq) === stop) this.#awaitingAck.delete(seq);
    });
  }

  #stopResending(): void {
    for (const stop of this.#awaitingAck.values()) stop.abort();
    this.#awaitingAck.clear();
  }

  /** The SDP version to put in our next offer or answer (bumped on each re-INVITE). */
  get sdpVersion(): number {
    return this.#sdpVersion;
  }

  /** Hangs up an established call with BYE (a non-INVITE transaction); resolves when answered or after a few seconds. */
  async hangUp(): Promise<void> {
    if (this.#ended !== undefined || this.#toTag === undefined) return;
    this.#ended = { by: 'local', atMs: this.#setup.at() };
    this.#stopResending();
    this.#cseq += 1;
    const branchId = branch();
    const bye = this.#request('BYE', this.#remoteTarget, this.#cseq, branchId, [['Contact', this.#contact()]]);
    await this.#nonInvite(bye, branchId, Math.min(BYE_WAIT_MS, this.#giveUpMs), new AbortController().signal);
  }
}
