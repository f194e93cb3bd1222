import WebSocket from 'ws';
import type { RunningWebChatFrontDoor } from '../../../src/desk/web-chat/web-chat.front-door.ts';

export type Frame = { type: string; role?: string; name?: string; text?: string; options?: string[]; on?: boolean };

/**
 * A customer on the widget's socket: sends each text once the previous one got its answer (`replies[i]` messages
 * from the desk, or a closed frame), and returns every frame.
 */
export async function converse(
  door: RunningWebChatFrontDoor,
  query: string,
  turns: { say: string; replies: number }[],
): Promise<Frame[]> {
  const socket = new WebSocket(`${door.httpUrl.replace('http', 'ws')}/web-chat/socket?${query}`);
  const frames: Frame[] = [];
  let turn = -1;
  let waitingFor = 1; // the greeting
  return new Promise((resolve, reject) => {
    const next = (): void => {
      turn += 1;
      const step = turns[turn];
      if (step === undefined) {
        socket.close();
        resolve(frames);
        return;
      }
      waitingFor = step.replies;
      socket.send(JSON.stringify({ type: 'message', text: step.say }));
      if (waitingFor === 0) next();
    };
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      frames.push(frame);
      if (frame.type === 'closed') return resolve(frames);
      if (frame.type === 'message' && --waitingFor === 0) next();
    });
    socket.on('error', reject);
  });
}
