import { PROBE_KINDS, type ProbeKind } from '../../domain/channel.ts';
import { parseSipUri } from '../../protocols/sip/sip-message.ts';
import type { Problem } from './issue-messages.ts';

/**
 * A probe's `target` in the syntax its channel reads, checked at load (`kept validate`), so a target no attempt could
 * use is a problem at its line instead of every run being `inconclusive`: a SIP URI for `sip` (or `tel:+E.164` with
 * Twilio options), a ws(s):// or http(s):// URL for `chat-api` (as its `transport` says), an http(s):// page for
 * `browser-chat`, an address (or `mailto:` one) for `email`. Only the form is checked here: whether anything answers
 * there is what the probe finds out.
 */

/**
 * The form of each channel's target, for the editors' schema: a first check as one types (lower-case schemes; JSON
 * Schema patterns have no flags); `targetProblem` is the judge.
 */
export const TARGET_FORMS: Readonly<Record<ProbeKind, { readonly pattern: RegExp; readonly description: string }>> = {
  sip: {
    pattern: /^(sips?|tel):/,
    description: 'The hotline: a SIP URI, sip:[user@]host[:port] (or sips:), or tel:+E.164 with options.twilio.',
  },
  'chat-api': {
    pattern: /^(wss?|https?):\/\//,
    description:
      "The chat API: ws:// or wss:// (transport websocket), or the API's http(s):// base URL (transport http).",
  },
  'browser-chat': {
    pattern: /^https?:\/\//,
    description: 'The support page with the chat widget: its full http:// or https:// URL.',
  },
  email: {
    pattern: /^(mailto:)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/,
    description: 'The support address: support@example.org or mailto:support@example.org.',
  },
};

/** Why a target is not in its channel's syntax, with the form expected; undefined when it is. */
export function targetProblem(kind: ProbeKind, target: string, options: unknown): string | undefined {
  const shown = JSON.stringify(target);
  switch (kind) {
    case 'sip':
      return sipTargetProblem(target, shown, options);
    case 'chat-api':
      return chatApiTargetProblem(target, shown, options);
    case 'browser-chat':
      return urlProblem(target, ['http:', 'https:'])
        ? `${shown} is not a web page address; write the page's full URL with http:// or https://, such as ${suggestUrl(target, 'https')}`
        : undefined;
    case 'email':
      return EMAIL.test(target.replace(/^mailto:/i, '').trim())
        ? undefined
        : `${shown} is not an email address; write the support address, such as support@example.org (or mailto:support@example.org)`;
  }
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const E164 = /^tel:\+[1-9][0-9]{1,14}$/i;

function sipTargetProblem(target: string, shown: string, options: unknown): string | undefined {
  if (/^tel:/i.test(target)) {
    const twilio = (options as { twilio?: unknown } | null | undefined)?.twilio;
    if (twilio === undefined)
      return `${shown} is a phone number, which Kept calls through a carrier: give the probe options.twilio, or call a SIP URI such as sip:support@pbx.example.org`;
    return E164.test(target.replace(/[\s-]/g, ''))
      ? undefined
      : `${shown} is not an E.164 number; write tel:+ then the country code and number, such as tel:+441632960001`;
  }
  const problem = sipUriProblem(target);
  if (problem === undefined) return undefined;
  const example =
    /^[a-z][a-z0-9+.-]*:\/\//i.test(target) || sipUriProblem(`sip:${target}`) !== undefined
      ? 'sip:support@pbx.example.org:5060'
      : `sip:${target}`;
  return `${shown} is not a SIP URI${problem}; write sip:[user@]host[:port] (or sips:, or tel:+E.164 with options.twilio), such as ${example}`;
}

/** Undefined for a SIP URI the probe can call; else what is wrong, as a clause (" (port 70000 is not a port)"). */
function sipUriProblem(target: string): string | undefined {
  let uri;
  try {
    uri = parseSipUri(target);
  } catch {
    return '';
  }
  if (uri.port !== undefined && (uri.port < 1 || uri.port > 65_535)) return ` (port ${uri.port} is not a port)`;
  const transport = uri.params.transport?.toLowerCase();
  if (transport !== undefined && transport !== 'udp' && transport !== 'tcp')
    return ` (transport=${transport}: the probe speaks udp or tcp)`;
  return undefined;
}

function chatApiTargetProblem(target: string, shown: string, options: unknown): string | undefined {
  const transport = (options as { transport?: unknown } | null | undefined)?.transport;
  if (transport === 'websocket')
    return urlProblem(target, ['ws:', 'wss:'])
      ? `${shown} is not a WebSocket URL; with transport websocket write ws:// or wss://, such as ${suggestUrl(target, 'wss')}`
      : undefined;
  if (transport === 'http')
    return urlProblem(target, ['http:', 'https:'])
      ? `${shown} is not an HTTP URL; with transport http write the API's base URL with http:// or https://, such as ${suggestUrl(target, 'https')}`
      : undefined;
  // No transport (the options schema reports that): any of the four schemes could be meant.
  return urlProblem(target, ['ws:', 'wss:', 'http:', 'https:'])
    ? `${shown} is not a chat API URL; write ws://, wss://, http:// or https://, such as ${suggestUrl(target, 'wss')}`
    : undefined;
}

/** Whether the text is not an absolute URL with one of the schemes and a host. */
function urlProblem(text: string, schemes: readonly string[]): boolean {
  if (!URL.canParse(text)) return true;
  const url = new URL(text);
  return !schemes.includes(url.protocol) || url.hostname === '';
}

/** The text with the scheme put right when it is a bare host and path; a generic example otherwise. */
function suggestUrl(text: string, scheme: string): string {
  const bare = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const candidate = `${scheme}://${bare}`;
  return bare !== '' && !/\s/.test(bare) && URL.canParse(candidate) && new URL(candidate).hostname.includes('.')
    ? candidate
    : `${scheme}://support.example.org/chat`;
}

/** Each probe's target in the syntax its channel reads (see targetProblem), as problems at the target's value. */
export function targetProblems(value: unknown): Problem[] {
  const probes = (value as { probes?: unknown } | null)?.probes;
  if (!Array.isArray(probes)) return [];
  return probes.flatMap((probe: unknown, index): Problem[] => {
    const { channel, target, options } = (probe ?? {}) as { channel?: unknown; target?: unknown; options?: unknown };
    if (typeof target !== 'string' || typeof channel !== 'string') return []; // the file schema reports it
    if (!PROBE_KINDS.includes(channel as ProbeKind)) return [];
    const message = targetProblem(channel as ProbeKind, target.trim(), options);
    return message === undefined
      ? []
      : [{ path: ['probes', index, 'target'], target: 'value', code: 'probe.target', message }];
  });
}
