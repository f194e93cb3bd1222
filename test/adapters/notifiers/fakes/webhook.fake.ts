import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { startFakeServer, type FakeServer, type SeenRequest } from './fake-http.ts';

const isoTime = z.iso.datetime();

/** The webhook body Kept documents (docs/architecture/notifiers.md), checked strictly: no missing or extra fields. */
export const webhookBodySchema = z.strictObject({
  version: z.literal('kept/v1'),
  status: z.enum(['firing', 'resolved']),
  repeat: z.boolean(),
  dedupKey: z.string().min(1).max(255),
  alert: z.enum(['failing', 'broken']),
  alertname: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  service: z.string().min(1),
  claim: z.strictObject({ id: z.string().min(1), copy: z.string().min(1), owner: z.string().min(1) }),
  severity: z.enum(['critical', 'error', 'warning', 'info']),
  summary: z.string().min(1),
  reason: z.string(),
  startedAt: isoTime,
  endedAt: isoTime.nullable(),
  validUntil: isoTime.nullable(),
  sentAt: isoTime,
  evidenceUrl: z.url(),
});

export type WebhookBody = z.infer<typeof webhookBodySchema>;

export interface FakeWebhook extends FakeServer {
  readonly hookUrl: string;
  /** Bodies accepted (valid, and correctly signed when the fake has a secret), in arrival order. */
  readonly accepted: WebhookBody[];
}

function signatureValid(request: SeenRequest, secret: string): boolean {
  const timestamp = request.headers['x-kept-timestamp'];
  const signature = request.headers['x-kept-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.raw}`).digest('hex')}`;
  return expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}

/**
 * A generic webhook receiver at /hook: 401 when a secret is set and the signature is missing or wrong, 422 with the
 * problems when the body does not match the documented shape, 400 for a body that is not JSON, else 204.
 */
export async function startFakeWebhook(secret?: string): Promise<FakeWebhook> {
  const accepted: WebhookBody[] = [];
  const server = await startFakeServer((request, res) => {
    if (request.path !== '/hook') return void res.status(404).end();
    if (secret !== undefined && !signatureValid(request, secret))
      return void res.status(401).json({ error: 'bad signature' });
    if (request.json === undefined) return void res.status(400).json({ error: 'not JSON' });
    const parsed = webhookBodySchema.safeParse(request.json);
    if (!parsed.success)
      return void res.status(422).json({ error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    if (
      request.headers['x-kept-event'] !== parsed.data.status ||
      request.headers['x-kept-dedup-key'] !== parsed.data.dedupKey
    ) {
      return void res.status(422).json({ error: 'headers disagree with the body' });
    }
    accepted.push(parsed.data);
    res.status(204).end();
  });
  return { ...server, hookUrl: `${server.url}/hook`, accepted };
}
