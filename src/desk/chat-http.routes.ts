import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { ChatDesk, DeskConversation } from './chat-desk.service.ts';

function summary(conversation: DeskConversation): Record<string, unknown> {
  return {
    id: conversation.id,
    transport: conversation.transport,
    openedAt: conversation.openedAt,
    ended: conversation.ended,
    messages: conversation.messages,
  };
}

function textOf(body: unknown): { text?: string; customer?: string } {
  if (body === null || typeof body !== 'object') return {};
  const { text, customer } = body as { text?: unknown; customer?: unknown };
  return {
    ...(typeof text === 'string' && text.trim() !== '' ? { text } : {}),
    ...(typeof customer === 'string' && customer !== '' ? { customer } : {}),
  };
}

/**
 * The desk's HTTP conversation API:
 * POST /api/conversations -> 201 { id }; GET /api/conversations -> recent conversations (newest first);
 * POST /api/conversations/:id/messages { text, customer? } -> 202 | 404 | 409 (ended) | 503 (desk closed);
 * GET /api/conversations/:id/messages?after=N -> { messages } from position N; DELETE /api/conversations/:id -> 204.
 */
export function chatHttpRoutes(desk: ChatDesk): Router {
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));

  router.post('/api/conversations', (req, res) => {
    const conversation = desk.open('http', textOf(req.body).customer);
    res.status(201).json({ id: conversation.id, conversationId: conversation.id });
  });

  router.get('/api/conversations', (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 50) || 50, 1), 1_000);
    res.json({ conversations: desk.recent(limit).map(summary) });
  });

  router.post('/api/conversations/:id/messages', (req, res) => {
    const { text, customer } = textOf(req.body);
    if (text === undefined) {
      res.status(400).json({ error: 'bad-request', message: 'send JSON { "text": "..." }' });
      return;
    }
    const received = desk.receive(req.params.id, text, customer);
    if (received.accepted) {
      res.status(202).json({ id: received.message.id, seq: received.message.seq });
    } else if (received.why === 'unknown') {
      res.status(404).json({ error: 'not-found', message: 'no such conversation' });
    } else if (received.why === 'ended') {
      res.status(409).json({ error: 'ended', message: 'this conversation has ended' });
    } else {
      res.status(503).json({ error: 'closed', message: 'the desk is closed; please try again later' });
    }
  });

  router.get('/api/conversations/:id/messages', (req, res) => {
    const conversation = desk.get(req.params.id);
    if (conversation === undefined) {
      res.status(404).json({ error: 'not-found', message: 'no such conversation' });
      return;
    }
    const after = Math.max(0, Math.trunc(Number(req.query.after ?? 0)) || 0);
    res.json({ id: conversation.id, ended: conversation.ended, messages: conversation.messages.slice(after) });
  });

  router.delete('/api/conversations/:id', (req, res) => {
    res.status(desk.end(req.params.id) ? 204 : 404).end();
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown }).status;
    res
      .status(typeof status === 'number' && status >= 400 && status < 500 ? status : 500)
      .json({ error: 'bad-request', message: (error as Error).message });
  });
  return router;
}
