import { randomBytes } from 'node:crypto';
import type { Clock } from '../../app/ports.ts';
import {
  cseqOf,
  header,
  paramOf,
  responseTo,
  uriOf,
  type SipHeaders,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '../../protocols/sip/sip-message.ts';
import type { SipPeer } from './sip-server.ts';

const T1 = 500;
const T2 = 4_000;

/**
 * The desk's half of one call (a SIP UAS dialog): provisional and final responses, the 200 OK retransmitted over UDP
 * until the ACK, CANCEL (200, then 487 for the INVITE), the caller's BYE, retransmitted INVITEs, and hanging up
 * with its own BYE. All waits on the clock.
 */
export class PhoneDialog {
  readonly invite: SipRequest;
  readonly #peer: SipPeer;
  readonly #clock: Clock;
  readonly #contact: string;
  readonly #toTag = randomBytes(5).toString('hex');
  #last: SipResponse | undefined;
  #acked: (() => void) | undefined;
  #byeAnswered: (() => void) | undefined;
  #final = false;
  #ended: ((by: 'caller' | 'cancel') => void) | undefined;
  /** Resolves when the caller ends the call (BYE) or gives up before the answer (CANCEL). */
  readonly ended: Promise<'caller' | 'cancel'>;

  constructor(invite: SipRequest, peer: SipPeer, clock: Clock, local: { host: string; port: number }) {
    this.invite = invite;
    this.#peer = peer;
    this.#clock = clock;
    this.#contact = `<sip:support@${local.host}:${local.port}${peer.transport === 'tcp' ? ';transport=tcp' : ''}>`;
    this.ended = new Promise((resolve) => (this.#ended = resolve));
  }

  #respond(status: number, reason: string, headers: SipHeaders = [], body = ''): SipResponse {
    const response = responseTo(this.invite, status, reason, { toTag: this.#toTag, headers, body });
    this.#last = response;
    this.#peer.send(response);
    return response;
  }

  trying(): void {
    this.#respond(100, 'Trying');
  }

  ringing(): void {
    this.#respond(180, 'Ringing', [['Contact', this.#contact]]);
  }

  reject(status: number, reason: string): void {
    this.#final = true;
    this.#respond(status, reason);
  }

  /** Sends 200 OK with the SDP; over UDP resends it until the ACK comes (or 32 s pass). Resolves whether ACKed. */
  async answer(sdp: string, signal: AbortSignal): Promise<boolean> {
    this.#final = true;
    const acked = new Promise<void>((resolve) => (this.#acked = resolve));
    const response = this.#respond(
      200,
      'OK',
      [
        ['Contact', this.#contact],
        ['Content-Type', 'application/sdp'],
      ],
      sdp,
    );
    if (this.#peer.transport === 'tcp') return true;
    let interval = T1;
    let waited = 0;
    let done = false;
    void acked.then(() => (done = true));
    while (!done && waited < 64 * T1 && !signal.aborted) {
      const stop = new AbortController();
      const tick = this.#clock.sleep(interval, stop.signal).then(
        () => 'tick' as const,
        () => 'stopped' as const,
      );
      const result = await Promise.race([tick, acked.then(() => 'acked' as const)]);
      stop.abort();
      if (result !== 'tick') break;
      waited += interval;
      interval = Math.min(interval * 2, T2);
      if (!done) this.#peer.send(response);
    }
    return done;
  }

  /** Handles a request or response of this dialog from the caller. */
  handle(message: SipMessage): void {
    if (message.kind === 'response') {
      if (cseqOf(message)?.method === 'BYE' && message.status >= 200) this.#byeAnswered?.();
      return;
    }
    switch (message.method) {
      case 'ACK':
        this.#acked?.();
        return;
      case 'INVITE':
        if (paramOf(header(message, 'to'), 'tag') === undefined && this.#last !== undefined)
          this.#peer.send(this.#last);
        else
          this.#peer.send(
            responseTo(message, 200, 'OK', {
              headers: [
                ['Contact', this.#contact],
                ['Content-Type', 'application/sdp'],
              ],
              body: this.#last?.body ?? '',
            }),
          );
        return;
      case 'CANCEL':
        this.#peer.send(responseTo(message, 200, 'OK', { toTag: this.#toTag }));
        if (!this.#final) {
          this.#final = true;
          this.#respond(487, 'Request Terminated');
          this.#ended?.('cancel');
        }
        return;
      case 'BYE':
        this.#peer.send(responseTo(message, 200, 'OK'));
        this.#ended?.('caller');
        return;
      default:
        this.#peer.send(responseTo(message, 200, 'OK'));
    }
  }

  /** Hangs up with BYE (resent over UDP) and waits for the 200, at most 4 s. */
  async hangUp(): Promise<void> {
    const to = header(this.invite, 'from') ?? '';
    const from = `${header(this.invite, 'to') ?? ''};tag=${this.#toTag}`;
    const target = uriOf(header(this.invite, 'contact') ?? to);
    const bye: SipRequest = {
      kind: 'request',
      method: 'BYE',
      uri: target,
      headers: [
        [
          'Via',
          `SIP/2.0/${this.#peer.transport.toUpperCase()} ${this.#contact.replace(/^<sip:support@|[;>].*$/g, '')};branch=z9hG4bK${randomBytes(8).toString('hex')}`,
        ],
        ['Max-Forwards', '70'],
        ['From', from],
        ['To', to],
        ['Call-ID', header(this.invite, 'call-id') ?? ''],
        ['CSeq', '1 BYE'],
      ],
      body: '',
    };
    const answered = new Promise<void>((resolve) => (this.#byeAnswered = resolve));
    const stop = new AbortController();
    this.#peer.send(bye);
    const resend = (async () => {
      let interval = T1;
      for (let waited = 0; waited < 4_000; waited += interval, interval = Math.min(interval * 2, T2)) {
        const ok = await this.#clock.sleep(interval, stop.signal).then(
          () => true,
          () => false,
        );
        if (!ok) return;
        if (this.#peer.transport === 'udp') this.#peer.send(bye);
      }
    })();
    await Promise.race([answered, resend]);
    stop.abort();
  }
}
