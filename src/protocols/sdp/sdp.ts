/**
 * SDP (RFC 4566) for one audio stream: the offer Kept makes (PCMU and PCMA, RFC 4733 telephone-event) and what it
 * reads from an answer (address, port, chosen codec, DTMF payload type, direction).
 */

export type Codec = 'PCMU' | 'PCMA';
export const CODEC_PAYLOAD: Readonly<Record<Codec, number>> = { PCMU: 0, PCMA: 8 };
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface SdpOffer {
  readonly address: string;
  readonly port: number;
  readonly codecs: readonly Codec[];
  readonly telephoneEvent: number;
  readonly sessionId: number;
  readonly version: number;
  readonly direction?: Direction;
}

export function buildSdp(offer: SdpOffer): string {
  const family = offer.address.includes(':') ? 'IP6' : 'IP4';
  const payloads = [...offer.codecs.map((c) => CODEC_PAYLOAD[c]), offer.telephoneEvent];
  return [
    'v=0',
    `o=kept ${offer.sessionId} ${offer.version} IN ${family} ${offer.address}`,
    's=Kept probe',
    `c=IN ${family} ${offer.address}`,
    't=0 0',
    `m=audio ${offer.port} RTP/AVP ${payloads.join(' ')}`,
    ...offer.codecs.map((c) => `a=rtpmap:${CODEC_PAYLOAD[c]} ${c}/8000`),
    `a=rtpmap:${offer.telephoneEvent} telephone-event/8000`,
    `a=fmtp:${offer.telephoneEvent} 0-16`,
    'a=ptime:20',
    `a=${offer.direction ?? 'sendrecv'}`,
    '',
  ].join('\r\n');
}

export interface SdpAnswer {
  readonly address: string;
  readonly port: number;
  /** Payload types offered on the m-line, in order of preference. */
  readonly payloads: readonly number[];
  /** The first of them that is PCMU or PCMA, if any. */
  readonly codec?: Codec;
  /** The telephone-event payload type, if any. */
  readonly telephoneEvent?: number;
  readonly direction: Direction;
}

/** Reads the first audio stream; undefined when there is none. */
export function parseSdp(text: string): SdpAnswer | undefined {
  let sessionAddress: string | undefined;
  let mediaAddress: string | undefined;
  let port: number | undefined;
  let payloads: number[] = [];
  const rtpmap = new Map<number, string>();
  let direction: Direction = 'sendrecv';
  let inAudio = false;
  let seenMedia = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('m=')) {
      const [, kind, portText, , ...formats] = /^m=(\S+)\s+(\d+)(?:\/\d+)?\s+(\S+)\s*(.*)$/.exec(line) ?? [];
      const first = port === undefined && kind === 'audio';
      inAudio = first;
      seenMedia = true;
      if (first) {
        port = Number(portText);
        payloads = (formats[0] ?? '').split(/\s+/).filter(Boolean).map(Number);
      }
      continue;
    }
    if (line.startsWith('c=')) {
      // `c=IN IP4 224.2.17.12/127`: a multicast address carries a TTL (and maybe a count) after slashes.
      const address = line.split(/\s+/)[2]?.split('/')[0];
      if (!seenMedia) sessionAddress = address;
      else if (inAudio) mediaAddress = address;
      continue;
    }
    if (!seenMedia || inAudio) {
      const map = /^a=rtpmap:(\d+)\s+([^/\s]+)/.exec(line);
      if (map !== null) rtpmap.set(Number(map[1]), (map[2] as string).toLowerCase());
      const dir = /^a=(sendrecv|sendonly|recvonly|inactive)$/.exec(line);
      if (dir !== null) direction = dir[1] as Direction;
    }
  }
  const address = mediaAddress ?? sessionAddress;
  if (port === undefined || address === undefined) return undefined;
  const nameOf = (pt: number): string | undefined =>
    rtpmap.get(pt) ?? (pt === 0 ? 'pcmu' : pt === 8 ? 'pcma' : undefined);
  const codecPt = payloads.find((pt) => nameOf(pt) === 'pcmu' || nameOf(pt) === 'pcma');
  const telephoneEvent = payloads.find((pt) => nameOf(pt) === 'telephone-event');
  return {
    address,
    port,
    payloads,
    ...(codecPt === undefined ? {} : { codec: nameOf(codecPt) === 'pcmu' ? 'PCMU' : 'PCMA' }),
    ...(telephoneEvent === undefined ? {} : { telephoneEvent }),
    direction,
  };
}
