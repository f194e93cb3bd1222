import { createServer, type Server, type Socket } from 'node:net';
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openTcpTransport, openUdpTransport } from '../../../../src/adapters/channels/sip/sip-transport.ts';
import {
  MAX_SIP_MESSAGE_BYTES,
  SipMessageTooLarge,
  StreamFramer,
} from '../../../../src/protocols/sip/stream-framer.ts';

const OPTIONS = 'OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nContent-Length: 0\r\n\r\n';
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('StreamFramer: a SIP message is at most 64 KiB', () => {
  it('reads messages up to the limit', () => {
    const body = 'v'.repeat(1_000);
    const message = `MESSAGE sip:a@b SIP/2.0\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    expect(new StreamFramer(2_000).push(bytes(message))).toEqual([message]);
  });

  it.each([
    ['a header that never ends', 'INVITE sip:a@b SIP/2.0\r\nX-Junk: ' + 'j'.repeat(3_000), 3_032],
    ['a Content-Length over the limit', 'INVITE sip:a@b SIP/2.0\r\nContent-Length: 100000\r\n\r\nv=0', 100_050],
  ])('refuses %s, with the limit and what it saw', (_name, text, seen) => {
    expect(() => new StreamFramer(2_000).push(bytes(text))).toThrow(new SipMessageTooLarge(2_000, seen));
  });

  it('throws once the buffered part of one message passes the limit, pushed a piece at a time', () => {
    const framer = new StreamFramer(2_000);
    expect(framer.push(bytes('INVITE sip:a@b SIP/2.0\r\n'))).toEqual([]);
    expect(() => {
      for (let i = 0; i < 100; i += 1) framer.push(bytes('X-Junk: jjjjjjjjjjjjjjjjjjjjjjjjjjjj\r\n'));
    }).toThrow('the SIP peer sent a message larger than 2000 bytes');
  });
});

describe('SIP transports against a peer sending too much', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it('over TCP closes the connection and reports the error when a message grows past 64 KiB', async () => {
    let peerClosed = (): void => undefined;
    const closed = new Promise<void>((resolve) => {
      peerClosed = resolve;
    });
    const server: Server = createServer((socket: Socket) => {
      socket.on('close', () => peerClosed());
      socket.on('error', () => undefined);
      socket.write('SIP/2.0 200 OK\r\nX-Endless: ');
      const chunk = 'e'.repeat(16 * 1024);
      const pump = (): void => {
        while (!socket.destroyed && socket.write(chunk));
        if (!socket.destroyed) socket.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const transport = await openTcpTransport(
      { host: '127.0.0.1', port: (server.address() as AddressInfo).port },
      '127.0.0.1',
      new AbortController().signal,
    );
    const error = await new Promise<Error>((resolve) => transport.onError(resolve));

    expect(error).toBeInstanceOf(SipMessageTooLarge);
    expect((error as SipMessageTooLarge).limit).toBe(MAX_SIP_MESSAGE_BYTES);
    await closed;
    transport.close();
  });

  it('over UDP reads a datagram within the limit', async () => {
    const peer = createSocket('udp4');
    await new Promise<void>((resolve) => peer.bind(0, '127.0.0.1', resolve));
    stops.push(() => new Promise<void>((resolve) => peer.close(() => resolve())));
    const transport = await openUdpTransport(
      { host: '127.0.0.1', port: (peer.address() as AddressInfo).port },
      '127.0.0.1',
    );
    const received = new Promise<string>((resolve) =>
      transport.onMessage((message) => resolve(message.kind === 'request' ? message.method : String(message.status))),
    );
    peer.send(OPTIONS, transport.local.port, '127.0.0.1');
    expect(await received).toBe('OPTIONS');
    transport.close();
  });
});
