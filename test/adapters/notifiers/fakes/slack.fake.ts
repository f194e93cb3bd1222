import { startFakeServer, type FakeServer } from './fake-http.ts';

/**
 * A fake Slack incoming webhook at /services/T0001/B0001/<token>. It answers like Slack (api.slack.com,
 * "Sending messages using incoming webhooks" and its error table): 200 with the text body `ok`; 400 `invalid_payload`
 * for a body that is not a JSON message; 400 `invalid_blocks` for blocks Slack would refuse; 404 `no_service` for an
 * unknown webhook. Checked: `text` (the fallback) is a non-empty string; at most 50 blocks; header blocks carry
 * plain_text of at most 150 characters; section text and context elements are mrkdwn or plain_text of at most 3000.
 */
export interface FakeSlack extends FakeServer {
  readonly webhookUrl: string;
  readonly token: string;
}

const TEXT_TYPES = new Set(['mrkdwn', 'plain_text']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function textObject(v: unknown, max: number, types: ReadonlySet<string> = TEXT_TYPES): boolean {
  return (
    isObject(v) &&
    typeof v.type === 'string' &&
    types.has(v.type) &&
    typeof v.text === 'string' &&
    v.text.length > 0 &&
    v.text.length <= max
  );
}

/** Why Slack would refuse these blocks, or null. */
export function slackBlockError(blocks: unknown): string | null {
  if (!Array.isArray(blocks) || blocks.length > 50) return 'blocks must be an array of at most 50';
  for (const [i, block] of blocks.entries()) {
    if (!isObject(block)) return `block ${i} is not an object`;
    switch (block.type) {
      case 'header':
        if (!textObject(block.text, 150, new Set(['plain_text'])))
          return `block ${i}: a header needs plain_text of at most 150 characters`;
        break;
      case 'section':
        if (!textObject(block.text, 3000))
          return `block ${i}: section text must be a text object of at most 3000 characters`;
        break;
      case 'context':
        if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 10)
          return `block ${i}: 1-10 context elements`;
        if (!block.elements.every((e) => textObject(e, 3000)))
          return `block ${i}: context elements must be text objects`;
        break;
      case 'divider':
        break;
      default:
        return `block ${i}: unsupported type ${String(block.type)}`;
    }
  }
  return null;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const token = 'XXXXXXXXXXXXXXXXXXXXXXXX';
  const path = `/services/T0001/B0001/${token}`;
  const server = await startFakeServer((request, res) => {
    const reply = (status: number, text: string): void => void res.status(status).type('text/html').send(text);
    if (request.path !== path) return reply(404, 'no_service');
    const body = request.json;
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json') || !isObject(body)) {
      return reply(400, 'invalid_payload');
    }
    const allowed = new Set(['text', 'blocks', 'attachments', 'thread_ts', 'mrkdwn', 'unfurl_links', 'unfurl_media']);
    if (Object.keys(body).some((k) => !allowed.has(k))) return reply(400, 'invalid_payload');
    if (typeof body.text !== 'string' || body.text.trim() === '') return reply(400, 'no_text');
    if (body.blocks !== undefined && slackBlockError(body.blocks) !== null) return reply(400, 'invalid_blocks');
    return reply(200, 'ok');
  });
  return { ...server, webhookUrl: `${server.url}${path}`, token };
}
