/**
 * A second chat back end with its own page (other-widget.page.ts), built differently from the desk on purpose:
 * plain node:http, an iframe widget, fetch + Server-Sent Events instead of a WebSocket, a whole-thread re-render,
 * senders told apart by name only, quick replies to reach a human, and its own timing (the bot after 120-180 ms, a
 * human 450 ms after being asked). `?mode=loop` makes a bot that sends the customer round the same menu forever,
 * with different words each time. Every reply records its true delay, as the desk does.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { HOST_PAGE, WIDGET_PAGE } from './other-widget.page.ts';

export interface OtherMessage {
  readonly name: string;
  readonly text: string;
  readonly mine: boolean;
  readonly at: number;
  readonly quick?: readonly string[];
  /** Replies: ms from the customer message that caused it arriving to it being written, and from the first one. */
  readonly trueDelayMs?: number;
  readonly sinceFirstMs?: number;
}

interface Conversation {
  readonly id: string;
  readonly name: string;
  readonly mode: 'normal' | 'loop';
  readonly messages: OtherMessage[];
  stream?: ServerResponse;
  firstAt?: number;
  handedOver: boolean;
  menus: number;
  readonly stop: AbortController;
}

export interface OtherWidget {
  readonly url: string;
  readonly loopUrl: string;
  conversations(): readonly Conversation[];
  /** Cookies sent with requests for the shop page: a fresh browser context per probe never sends one. */
  readonly cookiesSeen: string[];
  stop(): Promise<void>;
}

const BOT = 'HelpBot';
const HUMAN = 'Alex (Support)';
const BOT_DELAYS = [120, 180, 150, 135, 165];
const HUMAN_DELAY_MS = 450;

async function body(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, string>;
}

export async function startOtherWidget(): Promise<OtherWidget> {
  const conversations = new Map<string, Conversation>();
  const cookiesSeen: string[] = [];
  let count = 0;
  let replies = 0;

  const emit = (c: Conversation, event: Record<string, unknown>): void => {
    c.stream?.write(`data: ${JSON.stringify(event)}\n\n`);
  };
  const reply = async (
    c: Conversation,
    arrived: number,
    ms: number,
    name: string,
    text: string,
    quick?: readonly string[],
  ): Promise<void> => {
    if (name === BOT) emit(c, { kind: 'typing', on: true });
    try {
      await delay(ms, undefined, { signal: c.stop.signal });
    } catch {
      return;
    }
    const now = performance.now();
    const message: OtherMessage = {
      name,
      text,
      mine: false,
      at: Date.now(),
      ...(quick === undefined ? {} : { quick }),
      trueDelayMs: Math.round((now - arrived) * 10) / 10,
      sinceFirstMs: Math.round((now - (c.firstAt ?? arrived)) * 10) / 10,
    };
    c.messages.push(message);
    emit(c, { kind: 'message', ...message });
  };
  const botDelay = (): number => BOT_DELAYS[replies++ % BOT_DELAYS.length] as number;
  const said = (c: Conversation, text: string): void => {
    const arrived = performance.now();
    c.firstAt ??= arrived;
    c.messages.push({ name: c.name, text, mine: true, at: Date.now() });
    if (c.handedOver) return;
    const menu = ['Order status', 'Returns', 'Something else'];
    if (c.mode === 'loop') {
      c.menus += 1;
      void reply(
        c,
        arrived,
        botDelay(),
        BOT,
        `Let's narrow it down (step ${c.menus}). Which of these is closest?`,
        menu,
      );
    } else if (/human|person|agent|someone/i.test(text)) {
      c.handedOver = true;
      void reply(c, arrived, botDelay(), BOT, 'OK! Finding a colleague for you…');
      void reply(c, arrived, HUMAN_DELAY_MS, HUMAN, `Hello ${c.name}, Alex here. What happened?`);
    } else {
      void reply(c, arrived, botDelay(), BOT, 'I am HelpBot. I can track orders and start returns.', [
        ...menu.slice(0, 2),
        'Chat with a human',
      ]);
    }
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://other');
    const page = (html: string): void => {
      if (url.pathname === '/' && req.headers.cookie !== undefined) cookiesSeen.push(req.headers.cookie);
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'set-cookie': `acme_visitor=${++count}; Path=/`,
        'cache-control': 'no-store',
      });
      res.end(html);
    };
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    void (async () => {
      if (req.method === 'GET' && url.pathname === '/') return page(HOST_PAGE);
      if (req.method === 'GET' && url.pathname === '/widget') return page(WIDGET_PAGE);
      if (req.method === 'POST' && url.pathname === '/start') {
        const { name = 'friend', mode } = await body(req);
        const id = `o${conversations.size + 1}`;
        conversations.set(id, {
          id,
          name,
          mode: mode === 'loop' ? 'loop' : 'normal',
          messages: [],
          handedOver: false,
          menus: 0,
          stop: new AbortController(),
        });
        return json(200, { c: id });
      }
      if (req.method === 'POST' && url.pathname === '/say') {
        const { c, text } = await body(req);
        const conversation = conversations.get(c ?? '');
        if (conversation === undefined || typeof text !== 'string') return json(404, { error: 'no such chat' });
        said(conversation, text);
        return json(202, { ok: true });
      }
      const conversation = conversations.get(url.searchParams.get('c') ?? '');
      if (req.method === 'GET' && url.pathname === '/events' && conversation !== undefined) {
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-store',
          connection: 'keep-alive',
        });
        res.write(': hello\n\n');
        conversation.stream = res;
        req.on('close', () => conversation.stop.abort());
        return undefined;
      }
      return json(404, { error: 'not found' });
    })().catch((error: unknown) => json(500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    loopUrl: `http://127.0.0.1:${port}/?mode=loop`,
    conversations: () => [...conversations.values()],
    cookiesSeen,
    stop: async () => {
      for (const c of conversations.values()) c.stop.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The catalogue options for this page: the same format as the desk's, different selectors and markers. */
export const otherWidgetOptions = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  message: 'Hello, my tent arrived with a broken pole ({runId}).',
  persona: 'Robin',
  steps: [
    { click: 'text=Need help?' },
    { select: '#topic', value: 'Returns', frame: '#acme-help-frame' },
    { check: '#consent', frame: '#acme-help-frame' },
    { fill: '#who', value: '{persona}', frame: '#acme-help-frame' },
    { click: '#go', frame: '#acme-help-frame' },
    { waitFor: '#say', frame: '#acme-help-frame' },
  ],
  frame: '#acme-help-frame',
  composer: { input: '#say' },
  messages: {
    selector: '.thread > .bubble',
    text: '.body',
    name: '.who',
    ignore: [{ selector: '.typing' }],
    customer: [{ selector: '.me' }],
  },
  human: [{ name: '\\(support\\)$' }],
  bot: [{ name: 'bot$' }],
  escalation: {
    options: { selector: 'button.qr', matches: 'human|person|agent' },
    phrases: ['Can I talk to a person?', 'Human, please.'],
    handoff: 'finding a colleague',
    settleMs: 150,
  },
  ...extra,
});
