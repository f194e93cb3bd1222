/** RTP packets (RFC 3550) and RFC 4733 telephone-events, as bytes. */

export interface RtpPacket {
  readonly payloadType: number;
  readonly marker: boolean;
  readonly sequence: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly payload: Uint8Array;
}

/** Parses an RTP packet (skipping CSRCs, the header extension and padding); undefined if it is not one. */
export function parseRtp(data: Uint8Array): RtpPacket | undefined {
  if (data.length < 12 || data[0]! >> 6 !== 2) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const padding = (data[0]! & 0x20) !== 0;
  const extension = (data[0]! & 0x10) !== 0;
  const csrcs = data[0]! & 0x0f;
  let offset = 12 + csrcs * 4;
  if (extension) {
    if (data.length < offset + 4) return undefined;
    offset += 4 + view.getUint16(offset + 2) * 4;
  }
  let end = data.length;
  if (padding) end -= data[data.length - 1]!;
  if (offset > end) return undefined;
  return {
    payloadType: data[1]! & 0x7f,
    marker: (data[1]! & 0x80) !== 0,
    sequence: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    payload: data.subarray(offset, end),
  };
}

/** The 12-byte fixed header (version 2, no padding, extension or CSRCs) followed by the payload. */
export function buildRtp(packet: RtpPacket): Uint8Array {
  const out = new Uint8Array(12 + packet.payload.length);
  const view = new DataView(out.buffer);
  out[0] = 0x80;
  out[1] = (packet.marker ? 0x80 : 0) | (packet.payloadType & 0x7f);
  view.setUint16(2, packet.sequence & 0xffff);
  view.setUint32(4, packet.timestamp >>> 0);
  view.setUint32(8, packet.ssrc >>> 0);
  out.set(packet.payload, 12);
  return out;
}

export interface TelephoneEvent {
  /** 0-9, 10 = *, 11 = #, 12-15 = A-D. */
  readonly event: number;
  readonly end: boolean;
  readonly volume: number;
  /** In timestamp units (8 per ms). */
  readonly duration: number;
}

export const DTMF_EVENTS = '0123456789*#ABCD';

export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  return {
    event: payload[0]!,
    end: (payload[1]! & 0x80) !== 0,
    volume: payload[1]! & 0x3f,
    duration: (payload[2]! << 8) | payload[3]!,
  };
}

export function telephoneEventPayload(event: TelephoneEvent): Uint8Array {
  return Uint8Array.of(
    event.event,
    (event.end ? 0x80 : 0) | (event.volume & 0x3f),
    (event.duration >> 8) & 0xff,
    event.duration & 0xff,
  );
}
