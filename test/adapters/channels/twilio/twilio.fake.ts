/**
 * A stand-in for Twilio's Voice REST API (2010-04-01) on loopback, following Twilio's documented shapes:
 * POST /2010-04-01/Accounts/{AccountSid}/Calls.json (basic auth, form-encoded To, From, Twiml|Url, StatusCallback,
 * StatusCallbackEvent, StatusCallbackMethod, Timeout, MachineDetection) answers 201 with a Call resource (JSON,
 * snake_case, status "queued"); errors are `{ code, message, more_info, status }` (20003 authentication, 21211
 * invalid To). It then plays the call out as scripted for the To number and posts status callbacks
 * (form-encoded AccountSid, ApiVersion, CallSid, CallStatus, Called, Caller, Direction, From, To, Timestamp,
 * SequenceNumber, CallbackSource, plus CallDuration, SipResponseCode and AnsweredBy where they apply) signed with
 * X-Twilio-Signature. POST /Calls/{Sid}.json with Status=completed|canceled ends a call; GET reads it.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { twilioSignature } from '../../../../src/adapters/channels/twilio/twilio-callbacks.ts';

export const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const AUTH_TOKEN = 'fake-auth-token';

/** What happens when a number is called: it rings for ringMs, then answers, is busy, never answers, or fails. */
export interface Script {
  readonly ringMs: number;
  readonly result: 'answer' | 'busy' | 'no-answer' | 'failed';
  readonly sipCode?: number;
  readonly answeredBy?: string;
}

interface FakeCall {
  sid: string;
  to: string;
  from: string;
  status: string;
  callback: string;
  events: string[];
  sequence: number;
  createdAt: number;
  /** performance.now() when the create request arrived. */
  createdAtMono: number;
  answeredAt?: number;
  timers: NodeJS.Timeout[];
  answeredBy?: string | undefined;
  /** True times, from the create request, of each status this fake sent. */
  sent: Record<string, number>;
}

export interface FakeTwilio {
  readonly url: string;
  readonly calls: Map<string, FakeCall>;
  stop(): Promise<void>;
}

const rfc2822 = (ms: number): string => new Date(ms).toUTCString().replace('GMT', '+0000');

export async function startFakeTwilio(scripts: Readonly<Record<string, Script>>): Promise<FakeTwilio> {
  const calls = new Map<string, FakeCall>();
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  const error = (res: express.Response, status: number, code: number, message: string): void =>
    void res.status(status).json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  const resource = (call: FakeCall): Record<string, unknown> => ({
    sid: call.sid,
    account_sid: ACCOUNT_SID,
    to: call.to,
    from: call.from,
    status: call.status,
    direction: 'outbound-api',
    api_version: '2010-04-01',
    date_created: rfc2822(call.createdAt),
    date_updated: rfc2822(Date.now()),
    start_time: call.answeredAt === undefined ? null : rfc2822(call.answeredAt),
    end_time: null,
    duration: null,
    price: null,
    answered_by: call.answeredBy ?? null,
    uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${call.sid}.json`,
    subresource_uris: { recordings: `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${call.sid}/Recordings.json` },
  });
  const post = async (call: FakeCall, status: string, extra: Record<string, string> = {}): Promise<void> => {
    call.status = status;
    call.sent[status] = performance.now() - call.createdAtMono;
    const event =
      status === 'in-progress'
        ? 'answered'
        : ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(status)
          ? 'completed'
          : status;
    if (!call.events.includes(event)) return;
    const params: Record<string, string> = {
      AccountSid: ACCOUNT_SID,
      ApiVersion: '2010-04-01',
      CallSid: call.sid,
      CallStatus: status,
      Called: call.to,
      Caller: call.from,
      Direction: 'outbound-api',
      From: call.from,
      To: call.to,
      Timestamp: rfc2822(Date.now()),
      SequenceNumber: String(call.sequence),
      CallbackSource: 'call-progress-events',
      ...extra,
    };
    call.sequence += 1;
    await fetch(call.callback, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilioSignature(AUTH_TOKEN, call.callback, params),
      },
      body: new URLSearchParams(params).toString(),
    }).catch(() => undefined);
  };
  const finish = (call: FakeCall, status: string, extra: Record<string, string> = {}): void => {
    call.timers.forEach(clearTimeout);
    const duration = call.answeredAt === undefined ? '0' : String(Math.round((Date.now() - call.answeredAt) / 1_000));
    void post(call, status, { CallDuration: duration, Duration: duration, ...extra });
  };

  app.use('/2010-04-01/Accounts/:account', (req, res, next) => {
    const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
    if (req.params.account !== ACCOUNT_SID || auth !== `${ACCOUNT_SID}:${AUTH_TOKEN}`)
      return error(res, 401, 20003, 'Authenticate');
    next();
  });
  app.post('/2010-04-01/Accounts/:account/Calls.json', (req, res) => {
    const body = req.body as Record<string, string | string[]>;
    const to = String(body.To ?? '');
    if (!/^\+[1-9]\d{6,14}$/.test(to))
      return error(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (body.From === undefined) return error(res, 400, 21603, "A 'From' phone number is required.");
    if (body.Twiml === undefined && body.Url === undefined) return error(res, 400, 21205, 'Url or Twiml is required.');
    const script = scripts[to] ?? { ringMs: 300, result: 'answer' };
    const events = ([] as string[]).concat(body.StatusCallbackEvent ?? ['completed']);
    const call: FakeCall = {
      sid: `CA${randomBytes(16).toString('hex')}`,
      to,
      from: String(body.From),
      status: 'queued',
      callback: String(body.StatusCallback ?? ''),
      events,
      sequence: 0,
      createdAt: Date.now(),
      createdAtMono: performance.now(),
      timers: [],
      sent: {},
    };
    calls.set(call.sid, call);
    res.status(201).json(resource(call));
    const timeoutMs = Number(body.Timeout ?? 60) * 1_000;
    call.timers.push(setTimeout(() => void post(call, 'initiated'), 5));
    call.timers.push(setTimeout(() => void post(call, 'ringing'), 20));
    const at = 20 + Math.min(script.ringMs, timeoutMs);
    call.timers.push(
      setTimeout(() => {
        if (script.result === 'answer' && script.ringMs <= timeoutMs) {
          call.answeredAt = Date.now();
          call.answeredBy = body.MachineDetection === undefined ? undefined : (script.answeredBy ?? 'unknown');
          void post(call, 'in-progress', call.answeredBy === undefined ? {} : { AnsweredBy: call.answeredBy });
        } else if (script.result === 'busy') finish(call, 'busy', { SipResponseCode: '486' });
        else if (script.result === 'failed') finish(call, 'failed', { SipResponseCode: String(script.sipCode ?? 500) });
        else finish(call, 'no-answer', { SipResponseCode: '487' });
      }, at),
    );
  });
  app.get('/2010-04-01/Accounts/:account/Calls/:sid.json', (req, res) => {
    const call = calls.get(req.params.sid);
    if (call === undefined) return error(res, 404, 20404, 'The requested resource was not found');
    res.json(resource(call));
  });
  app.post('/2010-04-01/Accounts/:account/Calls/:sid.json', (req, res) => {
    const call = calls.get(req.params.sid);
    if (call === undefined) return error(res, 404, 20404, 'The requested resource was not found');
    const status = String((req.body as Record<string, string>).Status ?? '');
    if (status === 'completed')
      finish(call, 'completed', call.answeredBy === undefined ? {} : { AnsweredBy: call.answeredBy });
    else if (status === 'canceled' && call.answeredAt === undefined) finish(call, 'canceled');
    else return error(res, 400, 21220, 'Invalid call state for the requested update');
    res.json(resource(call));
  });

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    stop: () => {
      for (const call of calls.values()) call.timers.forEach(clearTimeout);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
