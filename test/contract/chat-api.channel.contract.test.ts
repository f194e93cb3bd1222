import { createChatApiChannel } from '../../src/adapters/channels/chat-api/chat-api.channel.ts';
import { deskHttpOptions, deskWebSocketOptions } from '../adapters/channels/chat-api/support.ts';
import { memoryLog, testProbe } from '../support/probe-kit.ts';
import { describeChannelContract, type ChannelUnderTest } from './channel.contract.ts';
import { startChatPeer } from './peers/chat-peer.ts';

/** What a customer of a chat would have seen, by peer behaviour (inconclusive is always allowed: Kept could not read). */
const OUTCOMES: ChannelUnderTest['outcomes'] = {
  silent: ['unanswered'],
  // The back end reset the conversation after the message: the service refused or closed the chat.
  dies: ['rejected'],
  // A body that never ends cannot be read: only inconclusive (the cap) is right, or unanswered before the cap existed.
  'endless-body': ['unanswered'],
  // A person answered, with a 10 MB message: answered (its text cut, limits.messageChars), or inconclusive (bodyBytes).
  'huge-message': ['answered'],
  // Bot messages forever and never a person: answered by a bot, "no human answered within" the time-out.
  'never-ending-stream': ['answered'],
};

for (const transport of ['http', 'websocket'] as const) {
  describeChannelContract(`the chat-api channel over ${transport}`, async () => {
    const peer = await startChatPeer();
    const channel = createChatApiChannel({ log: memoryLog() });
    return {
      channel,
      probe: (behaviour, timeoutMs) =>
        transport === 'http'
          ? testProbe('chat-api', 'contract-chat-http', peer.httpUrl(behaviour), deskHttpOptions(), timeoutMs)
          : testProbe('chat-api', 'contract-chat-ws', peer.wsUrl(behaviour), deskWebSocketOptions(), timeoutMs),
      underWay: () => peer.nextMessage(),
      outcomes: OUTCOMES,
      close: () => peer.stop(),
    };
  });
}
