/**
 * Writes RTP streams as a pcap file (Ethernet / IPv4 / UDP / RTP), for SIPp's `play_pcap_audio`: SIPp sends each
 * packet's UDP payload to the caller's media address, paced by the capture times, with the RTP header as written
 * here. So a test decides every SSRC, sequence number and timestamp a "hotline" sends.
 */
import { buildRtp } from '../../src/protocols/rtp/rtp-packet.ts';

export interface PcapRtpStream {
  readonly ssrc: number;
  /** Sequence number of the first packet (wraps at 65536). */
  readonly sequence: number;
  /** RTP timestamp of the first packet (wraps at 2^32). */
  readonly timestamp: number;
  /** G.711 codes, sent 160 (20 ms) per packet. */
  readonly payload: Uint8Array;
  readonly payloadType: number;
}

const PACKET_SAMPLES = 160;

/** One pcap file with the stream's packets every 20 ms from capture time 0. */
export function rtpPcap(stream: PcapRtpStream): Uint8Array {
  const records: Uint8Array[] = [];
  const header = new Uint8Array(24);
  const view = new DataView(header.buffer);
  view.setUint32(0, 0xa1b2c3d4, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, 65_535, true);
  view.setUint32(20, 1, true); // LINKTYPE_ETHERNET
  records.push(header);
  const count = Math.ceil(stream.payload.length / PACKET_SAMPLES);
  for (let i = 0; i < count; i += 1) {
    const rtp = buildRtp({
      payloadType: stream.payloadType,
      marker: i === 0,
      sequence: (stream.sequence + i) & 0xffff,
      timestamp: (stream.timestamp + i * PACKET_SAMPLES) >>> 0,
      ssrc: stream.ssrc,
      payload: stream.payload.subarray(i * PACKET_SAMPLES, (i + 1) * PACKET_SAMPLES),
    });
    const frame = new Uint8Array(14 + 20 + 8 + rtp.length);
    const f = new DataView(frame.buffer);
    f.setUint16(12, 0x0800); // IPv4
    frame[14] = 0x45;
    f.setUint16(16, 20 + 8 + rtp.length);
    frame[22] = 64; // TTL
    frame[23] = 17; // UDP
    frame.set([127, 0, 0, 1, 127, 0, 0, 1], 26);
    f.setUint16(34, 6_000); // source port (SIPp replaces the ports)
    f.setUint16(36, 6_002);
    f.setUint16(38, 8 + rtp.length);
    frame.set(rtp, 42);
    const record = new Uint8Array(16 + frame.length);
    const r = new DataView(record.buffer);
    const micros = i * 20_000;
    r.setUint32(0, Math.floor(micros / 1_000_000), true);
    r.setUint32(4, micros % 1_000_000, true);
    r.setUint32(8, frame.length, true);
    r.setUint32(12, frame.length, true);
    record.set(frame, 16);
    records.push(record);
  }
  const out = new Uint8Array(records.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of records) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
