import axios, { type AxiosInstance } from 'axios';
import type { Secret } from '../../../domain/secret.ts';

/** A Call resource as Twilio's REST API returns it (the fields Kept reads). */
export interface TwilioCall {
  readonly sid: string;
  readonly account_sid: string;
  readonly to: string;
  readonly from: string;
  readonly status: 'queued' | 'ringing' | 'in-progress' | 'canceled' | 'completed' | 'failed' | 'busy' | 'no-answer';
  readonly direction: string;
  readonly duration: string | null;
  readonly answered_by?: string | null;
}

/** Twilio's error body: `{ code, message, more_info, status }`. */
export class TwilioError extends Error {
  readonly status: number;
  readonly code: number | undefined;
  readonly moreInfo: string | undefined;

  constructor(
    status: number,
    body: { code?: number; message?: string; more_info?: string } | undefined,
    fallback: string,
  ) {
    super(body?.message ?? fallback);
    this.name = 'TwilioError';
    this.status = status;
    this.code = body?.code;
    this.moreInfo = body?.more_info;
  }
}

export interface CreateCall {
  readonly to: string;
  readonly from: string;
  readonly twiml: string;
  readonly statusCallback: string;
  /** Seconds to let it ring. */
  readonly timeout: number;
  readonly machineDetection: boolean;
}

/**
 * The parts of Twilio's Voice REST API (2010-04-01) that place, read and end a call, over axios with basic auth
 * (Account SID and auth token), form-encoded bodies and JSON answers.
 */
export class TwilioClient {
  readonly #http: AxiosInstance;
  readonly #accountSid: string;

  constructor(options: { baseUrl: string; accountSid: string; authToken: Secret; timeoutMs?: number }) {
    this.#accountSid = options.accountSid;
    this.#http = axios.create({
      baseURL: `${options.baseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${options.accountSid}`,
      auth: { username: options.accountSid, password: options.authToken.reveal() },
      timeout: options.timeoutMs ?? 15_000,
      validateStatus: () => true,
      headers: { 'User-Agent': 'Kept-probe/0.1' },
    });
  }

  async #call(method: 'get' | 'post', path: string, form?: URLSearchParams): Promise<TwilioCall> {
    const response = await this.#http.request({
      method,
      url: path,
      data: form?.toString(),
      headers: form === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    if (response.status >= 200 && response.status < 300) return response.data as TwilioCall;
    throw new TwilioError(
      response.status,
      typeof response.data === 'object' ? response.data : undefined,
      `Twilio answered HTTP ${response.status}`,
    );
  }

  /** POST /Calls.json: Twilio queues the call and will post its progress to the status callback. */
  createCall(call: CreateCall): Promise<TwilioCall> {
    const form = new URLSearchParams({
      To: call.to,
      From: call.from,
      Twiml: call.twiml,
      StatusCallback: call.statusCallback,
      StatusCallbackMethod: 'POST',
      Timeout: String(Math.max(5, Math.round(call.timeout))),
    });
    for (const event of ['initiated', 'ringing', 'answered', 'completed']) form.append('StatusCallbackEvent', event);
    if (call.machineDetection) form.set('MachineDetection', 'Enable');
    return this.#call('post', '/Calls.json', form);
  }

  fetchCall(sid: string): Promise<TwilioCall> {
    return this.#call('get', `/Calls/${sid}.json`);
  }

  /** Ends the call: `completed` hangs up an answered call, `canceled` one still queued or ringing. */
  endCall(sid: string, status: 'completed' | 'canceled'): Promise<TwilioCall> {
    return this.#call('post', `/Calls/${sid}.json`, new URLSearchParams({ Status: status }));
  }

  get accountSid(): string {
    return this.#accountSid;
  }
}
