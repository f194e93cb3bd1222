/**
 * SIP messages (RFC 3261) as text: parsing, serialising, and the header values a UA needs (tags, URIs, Via branch,
 * CSeq). Header names are case-insensitive and have compact forms (i, f, t, v, m, l, c, k).
 */

const encoder = new TextEncoder();

export type SipHeaders = [name: string, value: string][];

export interface SipRequest {
  readonly kind: 'request';
  readonly method: string;
  readonly uri: string;
  readonly headers: SipHeaders;
  readonly body: string;
}

export interface SipResponse {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
  readonly headers: SipHeaders;
  readonly body: string;
}

export type SipMessage = SipRequest | SipResponse;

const COMPACT: Record<string, string> = {
  i: 'call-id',
  f: 'from',
  t: 'to',
  v: 'via',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
  k: 'supported',
  e: 'content-encoding',
  s: 'subject',
};

const canonical = (name: string): string => {
  const lower = name.trim().toLowerCase();
  return COMPACT[lower] ?? lower;
};

/** The first value of a header, if present. */
export function header(message: { headers: SipHeaders }, name: string): string | undefined {
  const wanted = canonical(name);
  return message.headers.find(([n]) => canonical(n) === wanted)?.[1];
}

/** Every occurrence of a header, unsplit (for headers whose values contain commas, like WWW-Authenticate). */
export function headersNamed(message: { headers: SipHeaders }, name: string): string[] {
  const wanted = canonical(name);
  return message.headers.filter(([n]) => canonical(n) === wanted).map(([, value]) => value);
}

/** Every value of a header, comma-separated values split (except inside quotes and angle brackets). */
export function headerValues(message: { headers: SipHeaders }, name: string): string[] {
  const wanted = canonical(name);
  return message.headers.filter(([n]) => canonical(n) === wanted).flatMap(([, value]) => splitList(value));
}

function splitList(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const char of value) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '<') depth += 1;
    else if (!quoted && char === '>') depth -= 1;
    if (char === ',' && !quoted && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

/** Parses one SIP message; throws a SyntaxError when it is not one. */
export function parseSipMessage(text: string): SipMessage {
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split + 4);
  const lines = head.split(/\r?\n/);
  const first = lines.shift() ?? '';
  const headers: SipHeaders = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      const last = headers[headers.length - 1] as [string, string];
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  const length = Number(header({ headers }, 'content-length') ?? body.length);
  const content = Number.isFinite(length) ? body.slice(0, length) : body;
  const status = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/i.exec(first);
  if (status !== null)
    return { kind: 'response', status: Number(status[1]), reason: status[2] ?? '', headers, body: content };
  const request = /^([A-Za-z]+)\s+(\S+)\s+SIP\/2\.0$/i.exec(first);
  if (request !== null)
    return {
      kind: 'request',
      method: (request[1] as string).toUpperCase(),
      uri: request[2] as string,
      headers,
      body: content,
    };
  throw new SyntaxError(`not a SIP message: "${first.slice(0, 80)}"`);
}

/** The message as text, with Content-Length set from the body (UTF-8 bytes). */
export function serializeSipMessage(message: SipMessage): string {
  const first =
    message.kind === 'request'
      ? `${message.method} ${message.uri} SIP/2.0`
      : `SIP/2.0 ${message.status} ${message.reason}`;
  const lines = [first];
  for (const [name, value] of message.headers)
    if (canonical(name) !== 'content-length') lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${encoder.encode(message.body).length}`);
  return `${lines.join('\r\n')}\r\n\r\n${message.body}`;
}

/** A header parameter (`;tag=…`, `;branch=…`) outside the URI's angle brackets. */
export function paramOf(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const outside = value.includes('>') ? value.slice(value.lastIndexOf('>') + 1) : value.replace(/^[^;]*/, '');
  const match = new RegExp(`;\\s*${name}=([^;,\\s]+)`, 'i').exec(outside);
  return match?.[1]?.replace(/^"|"$/g, '');
}

/** The URI in a name-addr (`"Name" <sip:a@b>;tag=x`) or addr-spec. */
export function uriOf(value: string): string {
  const angle = /<([^>]*)>/.exec(value);
  if (angle !== null) return angle[1] as string;
  return value.split(';')[0]?.trim() ?? value;
}

export interface SipUri {
  readonly scheme: 'sip' | 'sips';
  readonly user?: string;
  readonly host: string;
  readonly port?: number;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses `sip:user@host:port;param=value`; throws a SyntaxError otherwise. */
export function parseSipUri(text: string): SipUri {
  const match = /^(sips?):(?:([^@;?]+)@)?(\[[^\]]+\]|[^:;?]+)(?::(\d+))?((?:;[^?]*)?)(?:\?.*)?$/i.exec(text.trim());
  if (match === null) throw new SyntaxError(`"${text}" is not a SIP URI (sip:user@host:port)`);
  const params: Record<string, string> = {};
  for (const part of (match[5] ?? '').split(';').filter(Boolean)) {
    const [key, value = ''] = part.split('=');
    params[(key as string).toLowerCase()] = value;
  }
  return {
    scheme: (match[1] as string).toLowerCase() as 'sip' | 'sips',
    ...(match[2] === undefined ? {} : { user: decodeURIComponent(match[2]) }),
    host: (match[3] as string).replace(/^\[|\]$/g, ''),
    ...(match[4] === undefined ? {} : { port: Number(match[4]) }),
    params,
  };
}

/** `CSeq: 12 INVITE` → { seq: 12, method: 'INVITE' }. */
export function cseqOf(message: { headers: SipHeaders }): { seq: number; method: string } | undefined {
  const match = /^(\d+)\s+([A-Za-z]+)/.exec(header(message, 'cseq') ?? '');
  return match === null ? undefined : { seq: Number(match[1]), method: (match[2] as string).toUpperCase() };
}

/** A response to a request, copying Via, From, To (adding a To tag when given), Call-ID and CSeq. */
export function responseTo(
  request: SipRequest,
  status: number,
  reason: string,
  options: { toTag?: string; headers?: SipHeaders; body?: string } = {},
): SipResponse {
  const headers: SipHeaders = [];
  for (const [name, value] of request.headers) {
    const key = canonical(name);
    if (key === 'via' || key === 'from' || key === 'call-id' || key === 'cseq' || key === 'record-route')
      headers.push([name, value]);
    else if (key === 'to') {
      const tagged =
        options.toTag !== undefined && paramOf(value, 'tag') === undefined ? `${value};tag=${options.toTag}` : value;
      headers.push([name, tagged]);
    }
  }
  headers.push(...(options.headers ?? []));
  return { kind: 'response', status, reason, headers, body: options.body ?? '' };
}

/** The first line, for traces: `INVITE sip:…` or `180 Ringing`. */
export function firstLineOf(message: SipMessage): string {
  return message.kind === 'request' ? `${message.method} ${message.uri}` : `${message.status} ${message.reason}`;
}
