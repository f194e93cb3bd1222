import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { createBrowserChatChannel } from '../../src/adapters/channels/browser-chat/browser-chat.channel.ts';
import { CHROMIUM_PATH, chromiumMissing } from '../support/chromium.ts';
import { memoryLog, testProbe } from '../support/probe-kit.ts';
import { describeChannelContract } from './channel.contract.ts';
import { startChatPeer } from './peers/chat-peer.ts';

const missing = chromiumMissing();
if (missing !== undefined && process.env.CI) throw new Error(`${missing}: integration tests must not be skipped in CI`);

/** The contract's page: messages are <li class="msg" data-role="agent|bot|customer"><span class="text">. */
const PAGE_OPTIONS = {
  message: 'Hi, my bill is wrong (run {runId}).',
  composer: { input: '#say', send: '#send' },
  messages: { selector: '#log > li.msg', text: '.text', customer: [{ attribute: 'data-role', equals: 'customer' }] },
  human: [{ attribute: 'data-role', equals: 'agent' }],
  bot: [{ attribute: 'data-role', equals: 'bot' }],
  screenshot: 'never',
};

describe.skipIf(missing !== undefined)('browser-chat in real Chromium', () => {
  describeChannelContract('the browser-chat channel', async () => {
    const peer = await startChatPeer();
    const evidenceDir = mkdtempSync(join(tmpdir(), 'kept-contract-browser-'));
    const channel = createBrowserChatChannel({
      log: memoryLog(),
      evidenceDir,
      browser: { executablePath: CHROMIUM_PATH },
    });
    return {
      channel,
      probe: (behaviour, timeoutMs) =>
        testProbe('browser-chat', 'contract-browser', peer.pageUrl(behaviour), PAGE_OPTIONS, timeoutMs),
      underWay: () => peer.nextMessage(),
      // A browser and a page load take real time on a loaded machine: a longer time-out than the API channels'.
      timeoutMs: 8_000,
      outcomes: {
        silent: ['unanswered'],
        // The back end dropped the page's socket after the message: the chat simply goes quiet for the customer.
        dies: ['unanswered'],
        // An endless WebSocket message never reaches the page: nothing was shown to the customer.
        'endless-body': ['unanswered'],
        'huge-message': ['answered'],
        'never-ending-stream': ['answered'],
      },
      async close() {
        await channel.close();
        await peer.stop();
        rmSync(evidenceDir, { recursive: true, force: true });
      },
    };
  });
});
