import { startFakeServer, type FakeServer } from './fake-http.ts';

/**
 * A fake PagerDuty Events API v2 (`POST /v2/enqueue`) that checks events the way the documentation describes them
 * (developer.pagerduty.com, "Send an Alert Event" and "Events API v2 Overview"): routing_key of 32 characters,
 * event_action trigger | acknowledge | resolve, dedup_key of at most 255 characters, and for triggers a payload with
 * summary (at most 1024 characters), source and severity (critical | error | warning | info). Accepted events get
 * 202 {status: "success", message: "Event processed", dedup_key}; invalid ones 400 {status: "invalid event", message:
 * "Event object is invalid", errors: [...]}. It keeps alerts by dedup key, as PagerDuty folds repeats into one alert.
 */
export interface FakePagerDuty extends FakeServer {
  readonly enqueueUrl: string;
  /** Open or resolved alerts by dedup key, with how many trigger events each received. */
  readonly alerts: Map<string, { status: 'triggered' | 'resolved'; triggers: number }>;
}

export const RATE_LIMITED = {
  status: 429,
  body: { status: 'throttle event', message: 'Request Limit Exceeded' },
} as const;

const TOP = new Set(['routing_key', 'event_action', 'dedup_key', 'payload', 'images', 'links', 'client', 'client_url']);
const PAYLOAD = new Set([
  'summary',
  'source',
  'severity',
  'timestamp',
  'component',
  'group',
  'class',
  'custom_details',
]);
const SEVERITIES = new Set(['critical', 'error', 'warning', 'info']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';

/** Every problem with an event, as PagerDuty's `errors` would list them; empty when it is valid. */
export function pagerDutyErrors(event: unknown): string[] {
  if (!isObject(event)) return ['Event object is not a JSON object'];
  const errors = Object.keys(event)
    .filter((k) => !TOP.has(k))
    .map((k) => `Unknown field '${k}'`);
  if (typeof event.routing_key !== 'string' || event.routing_key.length !== 32) {
    errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  }
  const action = event.event_action;
  if (action !== 'trigger' && action !== 'acknowledge' && action !== 'resolve')
    errors.push("'event_action' is invalid");
  if (!optionalString(event.dedup_key) || (typeof event.dedup_key === 'string' && event.dedup_key.length > 255)) {
    errors.push("'dedup_key' must be a string of at most 255 characters");
  }
  if (action !== 'trigger' && typeof event.dedup_key !== 'string')
    errors.push(`'dedup_key' is required for ${String(action)}`);
  if (action === 'trigger') {
    const p = event.payload;
    if (!isObject(p)) return [...errors, "'payload' is missing or not an object"];
    errors.push(
      ...Object.keys(p)
        .filter((k) => !PAYLOAD.has(k))
        .map((k) => `Unknown field 'payload.${k}'`),
    );
    if (typeof p.summary !== 'string' || p.summary === '' || p.summary.length > 1024)
      errors.push("'payload.summary' is invalid");
    if (typeof p.source !== 'string' || p.source === '') errors.push("'payload.source' is missing");
    if (typeof p.severity !== 'string' || !SEVERITIES.has(p.severity)) errors.push("'payload.severity' is invalid");
    if (p.timestamp !== undefined && (typeof p.timestamp !== 'string' || Number.isNaN(Date.parse(p.timestamp)))) {
      errors.push("'payload.timestamp' is not an ISO 8601 timestamp");
    }
    for (const k of ['component', 'group', 'class'] as const)
      if (!optionalString(p[k])) errors.push(`'payload.${k}' must be a string`);
    if (p.custom_details !== undefined && !isObject(p.custom_details))
      errors.push("'payload.custom_details' must be an object");
  } else if (event.payload !== undefined && !isObject(event.payload)) {
    errors.push("'payload' must be an object");
  }
  if (event.links !== undefined) {
    const ok =
      Array.isArray(event.links) &&
      event.links.every((l) => isObject(l) && typeof l.href === 'string' && optionalString(l.text));
    if (!ok) errors.push("'links' must be objects with an href");
  }
  if (!optionalString(event.client) || !optionalString(event.client_url))
    errors.push("'client' and 'client_url' must be strings");
  return errors;
}

export async function startFakePagerDuty(): Promise<FakePagerDuty> {
  const alerts: FakePagerDuty['alerts'] = new Map();
  const server = await startFakeServer((request, res) => {
    if (request.path !== '/v2/enqueue') {
      res.status(404).json({ status: 'not found' });
      return;
    }
    const contentType = String(request.headers['content-type'] ?? '');
    const errors = contentType.startsWith('application/json')
      ? pagerDutyErrors(request.json)
      : ['Content-Type must be application/json'];
    if (errors.length > 0) {
      res.status(400).json({ status: 'invalid event', message: 'Event object is invalid', errors });
      return;
    }
    const event = request.json as { event_action: string; dedup_key?: string };
    const key = event.dedup_key ?? `generated-${request.at}`;
    const alert = alerts.get(key);
    if (event.event_action === 'trigger') {
      if (alert === undefined || alert.status === 'resolved') alerts.set(key, { status: 'triggered', triggers: 1 });
      else alert.triggers += 1;
    } else if (event.event_action === 'resolve' && alert !== undefined) {
      alert.status = 'resolved';
    }
    res.status(202).json({ status: 'success', message: 'Event processed', dedup_key: key });
  });
  return { ...server, enqueueUrl: `${server.url}/v2/enqueue`, alerts };
}
