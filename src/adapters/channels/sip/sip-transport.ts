import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { connect, isIP, type Socket as TcpSocket } from 'node:net';
import { parseSipMessage, type SipMessage } from '../../../protocols/sip/sip-message.ts';
import { MAX_SIP_MESSAGE_BYTES, SipMessageTooLarge, StreamFramer } from '../../../protocols/sip/stream-framer.ts';

export type SipProtocol = 'udp' | 'tcp';

export interface SipEndpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * One SIP connection to one remote endpoint: a UDP socket of its own, or a TCP connection framed by Content-Length.
 * `send` never throws: failures arrive at `onError`.
 */
export interface SipTransport {
  readonly protocol: SipProtocol;
  /** Whether the transport retransmits for us (TCP): then SIP timers do not resend. */
  readonly reliable: boolean;
  readonly local: SipEndpoint;
  readonly remote: SipEndpoint;
  send(text: string): void;
  onMessage(handler: (message: SipMessage) => void): void;
  onError(handler: (error: Error) => void): void;
  close(): void;
}

/** The numeric address of `host` (names go through the system resolver, so /etc/hosts works). */
export async function resolveHost(host: string): Promise<string> {
  if (isIP(host) !== 0) return host;
  const { address } = await lookup(host);
  return address;
}

/** The local address the system would use to reach `remote` (a connected UDP socket's source address). */
export async function localAddressFor(remote: SipEndpoint): Promise<string> {
  const socket = createSocket(isIP(remote.host) === 6 ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(remote.port, remote.host, () => resolve());
    });
    return socket.address().address;
  } finally {
    socket.close();
  }
}

function dispatch(text: string, handlers: ((message: SipMessage) => void)[], errors: ((error: Error) => void)[]): void {
  if (text.trim() === '') return;
  let message: SipMessage;
  try {
    message = parseSipMessage(text);
  } catch (error) {
    for (const handler of errors) handler(new Error(`an unreadable SIP message arrived: ${(error as Error).message}`));
    return;
  }
  for (const handler of handlers) handler(message);
}

export async function openUdpTransport(remote: SipEndpoint, localHost: string): Promise<SipTransport> {
  const socket: UdpSocket = createSocket(isIP(remote.host) === 6 ? 'udp6' : 'udp4');
  const handlers: ((message: SipMessage) => void)[] = [];
  const errors: ((error: Error) => void)[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, localHost, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', (error) => errors.forEach((handler) => handler(error)));
  socket.on('message', (data) => {
    if (data.length > MAX_SIP_MESSAGE_BYTES) {
      errors.forEach((handler) => handler(new SipMessageTooLarge(MAX_SIP_MESSAGE_BYTES, data.length)));
      return;
    }
    dispatch(data.toString('utf8'), handlers, errors);
  });
  let closed = false;
  return {
    protocol: 'udp',
    reliable: false,
    local: { host: localHost, port: socket.address().port },
    remote,
    send(text) {
      if (closed) return;
      socket.send(text, remote.port, remote.host, (error) => {
        if (error) errors.forEach((handler) => handler(error));
      });
    },
    onMessage: (handler) => void handlers.push(handler),
    onError: (handler) => void errors.push(handler),
    close() {
      if (closed) return;
      closed = true;
      socket.close();
    },
  };
}

export async function openTcpTransport(
  remote: SipEndpoint,
  localHost: string,
  signal: AbortSignal,
): Promise<SipTransport> {
  const handlers: ((message: SipMessage) => void)[] = [];
  const errors: ((error: Error) => void)[] = [];
  const socket: TcpSocket = await new Promise((resolve, reject) => {
    const opened = connect({ host: remote.host, port: remote.port, localAddress: localHost, signal });
    opened.once('connect', () => {
      opened.off('error', reject);
      resolve(opened);
    });
    opened.once('error', reject);
  });
  socket.setNoDelay(true);
  const framer = new StreamFramer();
  socket.on('data', (data: Buffer) => {
    let texts: string[];
    try {
      texts = framer.push(data);
    } catch (error) {
      // Over MAX_SIP_MESSAGE_BYTES: stop reading (memory stays bounded) and end the call as the peer's failure.
      socket.removeAllListeners('close');
      socket.destroy();
      errors.forEach((handler) => handler(error as Error));
      return;
    }
    texts.forEach((text) => dispatch(text, handlers, errors));
  });
  socket.on('error', (error) => errors.forEach((handler) => handler(error)));
  socket.on('close', () =>
    errors.forEach((handler) =>
      handler(Object.assign(new Error('the SIP server closed the TCP connection'), { code: 'ECONNRESET' })),
    ),
  );
  return {
    protocol: 'tcp',
    reliable: true,
    local: { host: localHost, port: socket.localPort ?? 0 },
    remote,
    send(text) {
      if (!socket.destroyed) socket.write(text);
    },
    onMessage: (handler) => void handlers.push(handler),
    onError: (handler) => void errors.push(handler),
    close() {
      socket.removeAllListeners('close');
      socket.destroy();
    },
  };
}
