import WebSocket from 'ws';
import type { DeskMessage } from '../../src/desk/desk.ts';

/** Opens a WebSocket conversation, sends one message and collects frames until `count` arrived or the socket closed. */
export async function chatOverWebSocket(
  url: string,
  count: number,
): Promise<{ frames: DeskMessage[]; closeCode?: number }> {
  const socket = new WebSocket(url);
  const frames: DeskMessage[] = [];
  return new Promise((resolve, reject) => {
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'message', text: 'My bill is wrong', customer: 'Sam' })),
    );
    socket.on('message', (data) => {
      frames.push(JSON.parse(String(data)) as DeskMessage);
      if (frames.length === count) {
        socket.close();
        resolve({ frames });
      }
    });
    socket.on('close', (code) => resolve({ frames, closeCode: code }));
    socket.on('error', reject);
  });
}

/** What the desk logged about each reply it sent: the delay it planned and the one it measured, in clock ms. */
export interface LoggedReply {
  readonly role: string;
  readonly plannedDelayMs: number;
  readonly deskDelayMs: number;
}

export function loggedReplies(
  lines: readonly { message: string; fields?: Readonly<Record<string, unknown>> }[],
): LoggedReply[] {
  return lines.filter((line) => line.message === 'desk replied').map((line) => line.fields as unknown as LoggedReply);
}
