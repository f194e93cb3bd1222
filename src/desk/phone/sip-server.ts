import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIP, type Server, type Socket as TcpSocket } from 'node:net';
import { parseSipMessage, serializeSipMessage, type SipMessage } from '../../protocols/sip/sip-message.ts';
import { StreamFramer } from '../../protocols/sip/stream-framer.ts';

/** Where a message came from, and how to answer it: the UDP source address, or the same TCP connection. */
export interface SipPeer {
  readonly transport: 'udp' | 'tcp';
  readonly address: string;
  readonly port: number;
  send(message: SipMessage): void;
}

/**
 * The desk's SIP listener: UDP and TCP on the same port. Every parsed message is handed on with its peer;
 * unreadable datagrams and frames are dropped, as a real server would.
 */
export class DeskSipServer {
  readonly #udp: UdpSocket;
  readonly #tcp: Server;
  readonly #connections = new Set<TcpSocket>();
  readonly host: string;
  readonly port: number;

  private constructor(
    udp: UdpSocket,
    tcp: Server,
    host: string,
    port: number,
    onMessage: (message: SipMessage, peer: SipPeer) => void,
  ) {
    this.#udp = udp;
    this.#tcp = tcp;
    this.host = host;
    this.port = port;
    udp.on('message', (data, from) => {
      const peer: SipPeer = {
        transport: 'udp',
        address: from.address,
        port: from.port,
        send: (message) => udp.send(serializeSipMessage(message), from.port, from.address),
      };
      read(data.toString('utf8'), peer, onMessage);
    });
    udp.on('error', () => undefined);
    tcp.on('connection', (socket) => {
      this.#connections.add(socket);
      socket.setNoDelay(true);
      const framer = new StreamFramer();
      const peer: SipPeer = {
        transport: 'tcp',
        address: socket.remoteAddress ?? '',
        port: socket.remotePort ?? 0,
        send: (message) => {
          if (!socket.destroyed) socket.write(serializeSipMessage(message));
        },
      };
      socket.on('data', (data: Buffer) => framer.push(data).forEach((text) => read(text, peer, onMessage)));
      socket.on('error', () => undefined);
      socket.on('close', () => this.#connections.delete(socket));
    });
  }

  /** Listens on `port` (0: a port free for both UDP and TCP). */
  static async listen(
    host: string,
    port: number,
    onMessage: (message: SipMessage, peer: SipPeer) => void,
  ): Promise<DeskSipServer> {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const tcp = createServer();
      const tcpPort = await new Promise<number>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, host, () => resolve((tcp.address() as { port: number }).port));
      });
      const udp = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
      const bound = await new Promise<boolean>((resolve) => {
        udp.once('error', () => resolve(false));
        udp.bind(tcpPort, host, () => resolve(true));
      });
      if (bound) return new DeskSipServer(udp, tcp, host, tcpPort, onMessage);
      udp.close();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
      if (port !== 0) throw new Error(`UDP port ${port} on ${host} is in use`);
    }
    throw new Error(`no port free for both UDP and TCP on ${host}`);
  }

  async close(): Promise<void> {
    for (const socket of this.#connections) socket.destroy();
    await new Promise<void>((resolve) => this.#tcp.close(() => resolve()));
    await new Promise<void>((resolve) => this.#udp.close(() => resolve()));
  }
}

function read(text: string, peer: SipPeer, onMessage: (message: SipMessage, peer: SipPeer) => void): void {
  if (text.trim() === '') return;
  let message: SipMessage;
  try {
    message = parseSipMessage(text);
  } catch {
    return;
  }
  onMessage(message, peer);
}
