import { cseqOf, header, responseTo, type SipRequest, type SipResponse } from '../../../protocols/sip/sip-message.ts';

const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE';

/** CANCEL for a pending INVITE (RFC 3261 §9.1): its Via, Request-URI, From, Call-ID and CSeq number; To without tag. */
export function cancelFor(invite: SipRequest, requestUri: string, seq: number, userAgent: string): SipRequest {
  return {
    kind: 'request',
    method: 'CANCEL',
    uri: invite.uri,
    headers: [
      ['Via', header(invite, 'via') as string],
      ['Max-Forwards', '70'],
      ['From', header(invite, 'from') as string],
      ['To', `<${requestUri}>`],
      ['Call-ID', header(invite, 'call-id') as string],
      ['CSeq', `${seq} CANCEL`],
      ['User-Agent', userAgent],
    ],
    body: '',
  };
}

/** ACK for a non-2xx final response (RFC 3261 §17.1.1.3): the INVITE's branch and Request-URI, the response's To. */
export function ackForFailure(invite: SipRequest, response: SipResponse, requestUri: string, seq: number): SipRequest {
  return {
    kind: 'request',
    method: 'ACK',
    uri: invite.uri,
    headers: [
      ['Via', header(invite, 'via') as string],
      ['Max-Forwards', '70'],
      ['From', header(invite, 'from') as string],
      ['To', header(response, 'to') ?? `<${requestUri}>`],
      ['Call-ID', header(invite, 'call-id') as string],
      ['CSeq', `${cseqOf(invite)?.seq ?? seq} ACK`],
    ],
    body: '',
  };
}

/**
 * How the caller answers a request inside the dialog: BYE ends the call; a re-INVITE (hold, a new media address) gets
 * our SDP again; OPTIONS, INFO, UPDATE and NOTIFY are acknowledged; anything else is 405.
 */
export function answerInDialog(
  request: SipRequest,
  context: { contact: string; sdp: () => string; onRemoteSdp: (sdp: string) => void },
): { response: SipResponse; bye: boolean } {
  switch (request.method) {
    case 'BYE':
      return { response: responseTo(request, 200, 'OK'), bye: true };
    case 'INVITE':
      if (request.body !== '') context.onRemoteSdp(request.body);
      return {
        response: responseTo(request, 200, 'OK', {
          headers: [
            ['Contact', context.contact],
            ['Content-Type', 'application/sdp'],
          ],
          body: context.sdp(),
        }),
        bye: false,
      };
    case 'UPDATE':
      if (request.body !== '') context.onRemoteSdp(request.body);
      return { response: responseTo(request, 200, 'OK'), bye: false };
    case 'OPTIONS':
    case 'INFO':
    case 'NOTIFY':
      return { response: responseTo(request, 200, 'OK'), bye: false };
    default:
      return { response: responseTo(request, 405, 'Method Not Allowed', { headers: [['Allow', ALLOW]] }), bye: false };
  }
}
